"""capacity development activities

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 04:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('mode', sa.String(length=12), nullable=False),
    sa.Column('region_code', sa.String(length=40), nullable=True),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.Column('organiser_member_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('training', 'webinar', 'workshop', 'exchange_visit', 'mentoring', 'conference_session', 'other')", name=op.f('ck_activity_known_kind')),
    sa.CheckConstraint("mode IN ('online', 'in_person', 'hybrid')", name=op.f('ck_activity_known_mode')),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_activity_dates_in_order')),
    sa.ForeignKeyConstraint(['country_code'], ['country.code'], name=op.f('fk_activity_country_code_country')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_activity_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organiser_member_id'], ['member.id'], name=op.f('fk_activity_organiser_member_id_member'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_activity_region_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity'))
    )
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_end_date'), ['end_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_organiser_member_id'), ['organiser_member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_start_date'), ['start_date'], unique=False)

    op.create_table('activity_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_activity_change_activity_id_activity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['changed_by_id'], ['user.id'], name=op.f('fk_activity_change_changed_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_change'))
    )
    with op.batch_alter_table('activity_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_change_activity_id'), ['activity_id'], unique=False)

    op.create_table('activity_participation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('staff_count', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("role IN ('lead', 'participant')", name=op.f('ck_activity_participation_known_role')),
    sa.CheckConstraint("status IN ('pending', 'confirmed', 'declined')", name=op.f('ck_activity_participation_known_status')),
    sa.CheckConstraint('staff_count >= 0', name=op.f('ck_activity_participation_staff_count_not_negative')),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_activity_participation_activity_id_activity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user.id'], name=op.f('fk_activity_participation_confirmed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_activity_participation_member_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reported_by_id'], ['user.id'], name=op.f('fk_activity_participation_reported_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_participation')),
    sa.UniqueConstraint('activity_id', 'member_id', name=op.f('uq_activity_participation_activity_id'))
    )
    with op.batch_alter_table('activity_participation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_participation_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_participation_member_id'), ['member_id'], unique=False)

    op.create_table('activity_resource',
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_activity_resource_activity_id_activity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'], name=op.f('fk_activity_resource_resource_id_resource'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('activity_id', 'resource_id', name=op.f('pk_activity_resource'))
    )

    op.create_table('activity_theme',
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_activity_theme_activity_id_activity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tag.id'], name=op.f('fk_activity_theme_tag_id_tag')),
    sa.PrimaryKeyConstraint('activity_id', 'tag_id', name=op.f('pk_activity_theme'))
    )


def downgrade():
    op.drop_table('activity_theme')

    op.drop_table('activity_resource')

    with op.batch_alter_table('activity_participation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_participation_member_id'))
        batch_op.drop_index(batch_op.f('ix_activity_participation_activity_id'))
    op.drop_table('activity_participation')

    with op.batch_alter_table('activity_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_change_activity_id'))
    op.drop_table('activity_change')

    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_start_date'))
        batch_op.drop_index(batch_op.f('ix_activity_organiser_member_id'))
        batch_op.drop_index(batch_op.f('ix_activity_kind'))
        batch_op.drop_index(batch_op.f('ix_activity_end_date'))
    op.drop_table('activity')
