"""The papermill engine chapters are executed with: papermill's own nbclient engine, except that the notebook is
written once, when the chapter ends (finished, failed, timed out or interrupted), instead of at every cell's start
and end.

papermill writes the whole notebook, validated and indented, twice per cell, so that someone can watch a long job's
output file. A chapter of 20 cells with about 120 kB of chart specs was written 42 times: about a fifth of a one-chapter
rerun's execution, spent while the kernel waited for its next cell. Nobody watches a chapter's partial file, and the
copy a failed chapter leaves (`_build/.../failed/`) is still written when it ends.
"""

from __future__ import annotations

from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

ENGINE_NAME = "chinacompute-save-at-end"


class SaveAtEndManager(NotebookExecutionManager):
    """papermill's execution record of a notebook, written to its output path only once the notebook is complete."""

    complete = False

    def save(self, **kwargs):
        if self.complete:
            super().save(**kwargs)

    def notebook_complete(self, **kwargs):
        self.complete = True
        super().notebook_complete(**kwargs)


class SaveAtEndEngine(NBClientEngine):
    """`NBClientEngine` with a `SaveAtEndManager` (the body is papermill's `Engine.execute_notebook`)."""

    @classmethod
    def execute_notebook(
        cls, nb, kernel_name, output_path=None, progress_bar=True, log_output=False, autosave_cell_every=30, **kwargs
    ):
        manager = SaveAtEndManager(
            nb, output_path=output_path, progress_bar=progress_bar, log_output=log_output, autosave_cell_every=autosave_cell_every
        )
        manager.notebook_start()
        try:
            cls.execute_managed_notebook(manager, kernel_name, log_output=log_output, **kwargs)
        finally:
            manager.cleanup_pbar()
            manager.notebook_complete()
        return manager.nb


papermill_engines.register(ENGINE_NAME, SaveAtEndEngine)
