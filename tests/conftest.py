"""The local Studio's pytest plugin, used here as users use it: `studio_emulator`, `studio`,
`async_studio`."""

pytest_plugins = ["datachain_studio.testing.pytest_plugin"]
