"""background jobs: pending text extraction, jobs that failed for good

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-01 09:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('resource_file', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_resource_file_extraction'), type_='check')
        batch_op.create_check_constraint(
            'extraction', "extraction IN ('ok', 'empty', 'failed', 'pending')")
    op.create_table('job_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task', sa.String(length=100), nullable=False),
    sa.Column('task_id', sa.String(length=64), nullable=False),
    sa.Column('about', sa.String(length=500), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('failed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_failure'))
    )
    with op.batch_alter_table('job_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_failure_failed_at'), ['failed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_failure_task'), ['task'], unique=False)


def downgrade():
    with op.batch_alter_table('job_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_failure_task'))
        batch_op.drop_index(batch_op.f('ix_job_failure_failed_at'))
    op.drop_table('job_failure')
    op.execute("UPDATE resource_file SET extraction = 'failed' WHERE extraction = 'pending'")
    with op.batch_alter_table('resource_file', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_resource_file_extraction'), type_='check')
        batch_op.create_check_constraint('extraction', "extraction IN ('ok', 'empty', 'failed')")
