"""stories, consent and moderation

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 04:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('story',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.Column('teller', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('consent_obtained', sa.Boolean(), nullable=False),
    sa.Column('consent_from', sa.String(length=60), nullable=True),
    sa.Column('consent_date', sa.Date(), nullable=True),
    sa.Column('guardian_consent', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'changes_requested', 'approved', 'published', 'rejected', 'consent_withdrawn')", name=op.f('ck_story_known_status')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_story_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['country_code'], ['country.code'], name=op.f('fk_story_country_code_country')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_story_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_story'))
    )
    with op.batch_alter_table('story', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_story_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_story_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_story_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_story_status'), ['status'], unique=False)

    op.create_table('story_audience',
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.CheckConstraint("audience IN ('global_advocacy', 'local_media', 'network_learning')", name=op.f('ck_story_audience_known_audience')),
    sa.CheckConstraint("kind IN ('intended', 'consented')", name=op.f('ck_story_audience_known_kind')),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], name=op.f('fk_story_audience_story_id_story'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('story_id', 'kind', 'audience', name=op.f('pk_story_audience'))
    )

    op.create_table('story_theme',
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], name=op.f('fk_story_theme_story_id_story'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tag.id'], name=op.f('fk_story_theme_tag_id_tag')),
    sa.PrimaryKeyConstraint('story_id', 'tag_id', name=op.f('pk_story_theme'))
    )

    op.create_table('story_transition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_story_transition_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], name=op.f('fk_story_transition_story_id_story'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_story_transition'))
    )
    with op.batch_alter_table('story_transition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_story_transition_story_id'), ['story_id'], unique=False)

    op.create_table('story_flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=15), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('excerpt', sa.String(length=500), nullable=False),
    sa.Column('suggestion', sa.String(length=300), nullable=False),
    sa.Column('acknowledged_by_id', sa.Integer(), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.CheckConstraint("source IN ('safeguarding', 'terminology')", name=op.f('ck_story_flag_known_source')),
    sa.ForeignKeyConstraint(['acknowledged_by_id'], ['user.id'], name=op.f('fk_story_flag_acknowledged_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], name=op.f('fk_story_flag_story_id_story'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_story_flag')),
    sa.UniqueConstraint('story_id', 'source', 'position', name=op.f('uq_story_flag_story_id'))
    )
    with op.batch_alter_table('story_flag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_story_flag_story_id'), ['story_id'], unique=False)

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('for_secretariat', sa.Boolean(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.CheckConstraint("(member_id IS NOT NULL AND NOT for_secretariat) OR (member_id IS NULL AND for_secretariat)", name=op.f('ck_notification_one_audience')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_notification_member_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], name=op.f('fk_notification_story_id_story'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_story_id'), ['story_id'], unique=False)


def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_story_id'))
        batch_op.drop_index(batch_op.f('ix_notification_member_id'))
        batch_op.drop_index(batch_op.f('ix_notification_created_at'))
    op.drop_table('notification')

    with op.batch_alter_table('story_flag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_story_flag_story_id'))
    op.drop_table('story_flag')
    with op.batch_alter_table('story_transition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_story_transition_story_id'))
    op.drop_table('story_transition')

    op.drop_table('story_theme')

    op.drop_table('story_audience')

    with op.batch_alter_table('story', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_story_status'))
        batch_op.drop_index(batch_op.f('ix_story_published_at'))
        batch_op.drop_index(batch_op.f('ix_story_member_id'))
        batch_op.drop_index(batch_op.f('ix_story_author_id'))
    op.drop_table('story')
