"""The run pipeline: templating, variables, checks, secrets, auth and the engine. No file format,
no request kind and no transport is named here; those plug in from the layers around it."""
