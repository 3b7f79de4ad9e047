"""One module per sandbox API; each exports a ``routes`` table (see :mod:`..router`)."""
