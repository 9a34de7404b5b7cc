"""Expertise vocabulary: tags and the tags on member profiles, seeded with the SEC priorities

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 15:40:00

"""
import sqlalchemy as sa
from alembic import op

from hub.reference.expertise import expertise_tags

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('group', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('label_en', sa.String(length=200), nullable=False),
    sa.Column('label_fr', sa.String(length=200), nullable=False),
    sa.Column('label_es', sa.String(length=200), nullable=False),
    sa.Column('description_en', sa.String(length=500), nullable=False),
    sa.Column('description_fr', sa.String(length=500), nullable=False),
    sa.Column('description_es', sa.String(length=500), nullable=False),
    sa.CheckConstraint('"group" IN (\'manifestation\', \'area\')', name=op.f('ck_tag_group')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tag')),
    sa.UniqueConstraint('slug', name=op.f('uq_tag_slug'))
    )
    op.create_table('member_tag',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.Column('centre_of_expertise', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_member_tag_member_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tag.id'], name=op.f('fk_member_tag_tag_id_tag')),
    sa.PrimaryKeyConstraint('member_id', 'tag_id', name=op.f('pk_member_tag'))
    )
    with op.batch_alter_table('member_tag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_tag_tag_id'), ['tag_id'], unique=False)

    seed_tags()


def downgrade():
    with op.batch_alter_table('member_tag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_tag_tag_id'))
    op.drop_table('member_tag')
    op.drop_table('tag')


def seed_tags():
    """The key SEC priorities and cross-cutting areas, labelled in en, fr and es."""
    columns = ["slug", "group", "position", "retired"] + [
        f"{part}_{lang}" for part in ("label", "description") for lang in ("en", "fr", "es")
    ]
    tag = sa.table("tag", *[sa.column(name) for name in columns])
    rows = []
    for position, item in enumerate(expertise_tags()):
        row = {"slug": item["slug"], "group": item["group"], "position": position, "retired": False}
        for lang in ("en", "fr", "es"):
            row[f"label_{lang}"] = item["label"][lang]
            row[f"description_{lang}"] = item["description"][lang]
        rows.append(row)
    op.bulk_insert(tag, rows)
