"""Sending a prepared request: live HTTP (with the sandbox mounted), offline replay, recording."""
