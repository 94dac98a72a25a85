"""End-use monitoring of delivered cases: a plan per case (routine or enhanced) and end-use
checks with their findings."""
