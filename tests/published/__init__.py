"""Tests of what the archive publishes: pages, feeds, pictures and downloads of a real build.

A package, so that its ``conftest`` and helpers do not shadow the top-level
``tests/conftest.py`` that other test modules import by name.
"""
