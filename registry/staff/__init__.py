"""The staff console at ``/staff/``."""
