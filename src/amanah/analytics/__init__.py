"""Objective dashboards and world context (SIPRI data)."""
