"""Sitecore CDP / Personalize knowledge shared by the runner and the sandbox (pure, stdlib only)."""
