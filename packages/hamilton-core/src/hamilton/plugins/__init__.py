"""Writing and loading plugins.

A plugin is a module (or an object) whose functions named ``hamilton_<hook>`` implement
the hooks of ``hamilton.hookspecs``; mark them ``@hookimpl`` to set options
(``tryfirst``, ``trylast``, ``wrapper``). Installed plugins are found through the
entry-point group ``hamilton.plugins`` the first time a Driver or the registry needs
them, never at ``import hamilton``; environment variables steer loading:

- ``HAMILTON_DISABLE_PLUGIN_AUTOLOAD``: any non-empty value loads no entry point.
- ``HAMILTON_PLUGINS=a,b``: load only these entry points (an unknown name is an error).
- ``HAMILTON_DISABLE_PLUGINS=a,b``: load all but these.

A plugin that fails to import or offers an invalid hook is skipped with a
``PluginLoadWarning`` pointing at its own code; one that raises during a run raises
a ``PluginError`` naming it and its distribution.
"""

from hamilton.errors import PluginError
from hamilton.plugins._lazy import lazy_exports
from hamilton.plugins._loading import (
    BUILTIN_PLUGINS,
    ENTRY_POINT_GROUP,
    PluginInfo,
    PluginLoadWarning,
    hook_names,
    loaded_plugins,
    register,
    reset,
)
from hamilton.plugins._manager import PluginManager, hookimpl

__all__ = [
    "BUILTIN_PLUGINS",
    "ENTRY_POINT_GROUP",
    "PluginError",
    "PluginInfo",
    "PluginLoadWarning",
    "PluginManager",
    "hook_names",
    "hookimpl",
    "lazy_exports",
    "loaded_plugins",
    "register",
    "reset",
]
