"""usage log: raw events and monthly counts

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 04:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('usage_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('event_type', sa.String(length=30), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('user_key', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=30), nullable=True),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('query', sa.String(length=200), nullable=True),
    sa.Column('result_count', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_usage_event'))
    )
    with op.batch_alter_table('usage_event', schema=None) as batch_op:
        batch_op.create_index('ix_usage_event_member_time', ['member_id', 'occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_usage_event_occurred_at'), ['occurred_at'], unique=False)

    op.create_table('usage_monthly',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('event_type', sa.String(length=30), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("source IN ('rollup', 'import')", name=op.f('ck_usage_monthly_known_source')),
    sa.CheckConstraint('count > 0', name=op.f('ck_usage_monthly_positive_count')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_usage_monthly_member_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_usage_monthly')),
    sa.UniqueConstraint('month', 'member_id', 'event_type', 'source', name=op.f('uq_usage_monthly_month'))
    )
    with op.batch_alter_table('usage_monthly', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_usage_monthly_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_usage_monthly_month'), ['month'], unique=False)


def downgrade():
    with op.batch_alter_table('usage_monthly', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_usage_monthly_month'))
        batch_op.drop_index(batch_op.f('ix_usage_monthly_member_id'))
    op.drop_table('usage_monthly')

    with op.batch_alter_table('usage_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_usage_event_occurred_at'))
        batch_op.drop_index('ix_usage_event_member_time')
    op.drop_table('usage_event')
