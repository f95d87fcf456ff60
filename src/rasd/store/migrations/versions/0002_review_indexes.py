"""indexes for incident-level review at scale; the store's version counter

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05

``ix_events_incident_filters`` holds every column the review filters test (all but the
actor), led by the incident: "does incident N have a matching event" and "how many
incidents have one" are then answered from this narrow index without reading the wide
event rows (their JSON records make each ~3 KB). It starts with ``incident_id``, so it
serves every lookup ``ix_events_incident_id`` did, which is dropped.
``ix_event_actors_actor_event`` gives an actor's events from the index alone (it replaces
``ix_event_actors_actor_id``, its prefix). ``ix_incidents_date_id`` lets a page of
incidents, newest first, walk the dates in order and stop after the page.
``store_state`` holds one row whose ``version`` every write transaction raises, so readers
can keep totals (counting incidents scans every event) until the next write, from any process.
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

FILTER_COLUMNS = ['incident_id', 'status', 'event_date', 'event_type', 'sub_event_type', 'country', 'admin1',
                  'confidence', 'latitude', 'longitude']


def upgrade() -> None:
    op.create_index('ix_events_incident_filters', 'events', FILTER_COLUMNS, unique=False)
    op.drop_index('ix_events_incident_id', table_name='events')
    op.create_index('ix_event_actors_actor_event', 'event_actors', ['actor_id', 'event_id'], unique=False)
    op.drop_index('ix_event_actors_actor_id', table_name='event_actors')
    op.create_index('ix_incidents_date_id', 'incidents', ['event_date', 'id'], unique=False)
    state = op.create_table('store_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.bulk_insert(state, [{'id': 1, 'version': 0}])


def downgrade() -> None:
    op.drop_table('store_state')
    op.drop_index('ix_incidents_date_id', table_name='incidents')
    op.create_index('ix_event_actors_actor_id', 'event_actors', ['actor_id'], unique=False)
    op.drop_index('ix_event_actors_actor_event', table_name='event_actors')
    op.create_index('ix_events_incident_id', 'events', ['incident_id'], unique=False)
    op.drop_index('ix_events_incident_filters', table_name='events')
