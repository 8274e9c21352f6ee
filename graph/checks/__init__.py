"""Checks: the notes against their conventions (lint), a build against its shapes (validate)."""
