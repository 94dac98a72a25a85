"""Objective dashboards and world context (SIPRI data). The computing modules load polars;
this package itself stays light, so a command line that only names the objectives starts fast."""

OBJECTIVES = ("mutual_security", "alliances", "economy", "standing")
