"""versioned indicator definitions

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('indicator_definition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('version >= 2', name=op.f('ck_indicator_definition_version_after_builtin')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_indicator_definition_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_definition')),
    sa.UniqueConstraint('code', 'version', name=op.f('uq_indicator_definition_code'))
    )
    with op.batch_alter_table('indicator_definition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_definition_code'), ['code'], unique=False)
    with op.batch_alter_table('usage_event', schema=None) as batch_op:
        batch_op.create_index('ix_usage_event_member_period_type',
                              ['member_id', 'occurred_at', 'event_type'], unique=False)
        batch_op.create_index('ix_usage_event_period_member_type',
                              ['occurred_at', 'member_id', 'event_type'], unique=False)


def downgrade():
    with op.batch_alter_table('usage_event', schema=None) as batch_op:
        batch_op.drop_index('ix_usage_event_period_member_type')
        batch_op.drop_index('ix_usage_event_member_period_type')
    with op.batch_alter_table('indicator_definition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_definition_code'))

    op.drop_table('indicator_definition')
