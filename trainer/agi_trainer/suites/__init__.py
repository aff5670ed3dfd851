"""Task suites: tasks with a programmatic checker and the tools an agent may call (docs/suites.md)."""

from .base import Suite, Task, ToolError, function_tool
from .loader import load_suite

__all__ = ["Suite", "Task", "ToolError", "function_tool", "load_suite"]
