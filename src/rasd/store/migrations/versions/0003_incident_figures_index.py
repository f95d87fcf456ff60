"""an index for an incident's figures and place

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05

Each report that joins an incident refreshes the incident's fatality range and its place from
the incident's live events. Read from the wide event rows (each carries its JSON record),
that cost grew with the number of reports of the incident; ``ix_events_incident_figures``
answers both queries from the index alone.
"""
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

FIGURE_COLUMNS = ['incident_id', 'status', 'fatalities', 'latitude', 'geo_precision', 'canon', 'location',
                  'longitude']


def upgrade() -> None:
    op.create_index('ix_events_incident_figures', 'events', FIGURE_COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index('ix_events_incident_figures', table_name='events')
