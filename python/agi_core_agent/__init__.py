"""agi-core for Python agents: append records to the dataset with the same lock, batching and adapter stamps as
the TypeScript LearningPipeline, read the active adapter, and ask agi-core whether to train.

    from agi_core_agent import LearningPipeline
    with LearningPipeline("storage/learning/dataset.jsonl", 10) as pipeline:
        pipeline.add_example({"goal": "…", "plan": […], "execution": […], "summary": "…", "success": True})
"""

from .cli import effective_config, find_cli, schedule_training_if_ready, suggested_command
from .dir_lock import dir_lock
from .errors import AgiCoreCliError, DatasetWriteError, InvalidDatasetError, LockTimeoutError
from .line_append import append_lines
from .overrides import (
    BASE_MODEL,
    ActiveAdapterProbe,
    OverridesUnreadable,
    active_adapter_path,
    adapter_name,
    overrides_file_near,
    read_active_adapter_setting,
)
from .pipeline import LearningPipeline
from .record_checks import record_problem

__all__ = [
    "BASE_MODEL",
    "ActiveAdapterProbe",
    "AgiCoreCliError",
    "DatasetWriteError",
    "InvalidDatasetError",
    "LearningPipeline",
    "LockTimeoutError",
    "OverridesUnreadable",
    "active_adapter_path",
    "adapter_name",
    "append_lines",
    "dir_lock",
    "effective_config",
    "find_cli",
    "overrides_file_near",
    "read_active_adapter_setting",
    "record_problem",
    "schedule_training_if_ready",
    "suggested_command",
]
