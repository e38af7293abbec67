"""Execute chapter notebooks with papermill into a build folder, in parallel, skipping unchanged chapters."""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from ..notebooks import read_notebook, write_ipynb
from ..paths import DATA_ENV, READS_LOG_ENV
from . import cache

HIDDEN_TAG = "remove-cell"
#: Seconds one cell may run before its chapter fails ($CHINACOMPUTE_CELL_TIMEOUT overrides; the slowest real cell
#: takes about 3 s on the 2-core build machine).
CELL_TIMEOUT = 300
CELL_TIMEOUT_ENV = "CHINACOMPUTE_CELL_TIMEOUT"


def cell_timeout_default() -> int:
    value = os.environ.get(CELL_TIMEOUT_ENV, "")
    return int(value) if value.isdigit() and int(value) > 0 else CELL_TIMEOUT


#: Bytes of output one cell may leave in its page ($CHINACOMPUTE_MAX_CELL_OUTPUT overrides). The largest real cell
#: writes about 120 kB (a chart with its data); a runaway print loop would otherwise become a 100 MB page.
MAX_CELL_OUTPUT = 10_000_000
MAX_CELL_OUTPUT_ENV = "CHINACOMPUTE_MAX_CELL_OUTPUT"


def max_cell_output() -> int:
    value = os.environ.get(MAX_CELL_OUTPUT_ENV, "")
    return int(value) if value.isdigit() and int(value) > 0 else MAX_CELL_OUTPUT


def oversized_outputs(notebook: dict, limit: int) -> list[tuple[int, int]]:
    """(cell index, bytes) of each code cell whose outputs, as stored, are larger than `limit` bytes."""
    found = []
    for index, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") == "code":
            size = len(json.dumps(cell.get("outputs", []), ensure_ascii=False).encode("utf-8"))
            if size > limit:
                found.append((index, size))
    return found


PAPERMILL_INJECTED = "injected-parameters"


@dataclass
class Job:
    """One chapter to execute: source notebook, destination, parameters (only the overridden ones)."""

    source: Path
    target: Path
    parameters: dict
    data_dir: Path
    extra_inputs: list[Path] = field(default_factory=list)
    force: bool = False
    cell_timeout: int = field(default_factory=lambda: cell_timeout_default())

    @property
    def name(self) -> str:
        return self.source.stem


@dataclass
class Result:
    """What happened to one chapter."""

    name: str
    status: str  # executed, skipped, failed
    seconds: float = 0.0
    error: str = ""
    data_read: list[str] = field(default_factory=list)


def needs_run(job: Job) -> bool:
    """Whether the chapter must execute: forced, never executed, or its key (over the data it read last time) changed."""
    previous = cache.recorded(job.target)
    data_read = previous.get("data_read")
    if job.force or data_read is None:
        return True
    return previous.get("key") != cache.chapter_key(job.source, job.parameters, job.data_dir, data_read, job.extra_inputs)


def hide_plumbing(notebook: dict) -> None:
    """Hide the parameters cell and papermill's injected cell from readers (they are plumbing)."""
    for cell in notebook["cells"]:
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if ("parameters" in tags or PAPERMILL_INJECTED in tags) and HIDDEN_TAG not in tags:
            tags.append(HIDDEN_TAG)


def _failure_message(job: Job, exc: BaseException) -> str:
    from papermill.exceptions import PapermillExecutionError

    if type(exc).__name__ == "CellTimeoutError" or isinstance(exc, TimeoutError):
        return f"chapter {job.name} stopped: a cell ran longer than {job.cell_timeout} s (${CELL_TIMEOUT_ENV} sets the limit)"
    if isinstance(exc, PapermillExecutionError):
        source = (exc.source or "").strip().splitlines()
        first = source[0] if source else ""
        return (
            f"chapter {job.name} failed in cell {exc.cell_index} (execution count {exc.exec_count}): "
            f"{exc.ename}: {exc.evalue}\n    cell begins: {first[:120]}"
        )
    return f"chapter {job.name} failed: {type(exc).__name__}: {exc}"


def book_kernel_manager_class():
    """The kernel manager for chapter kernels: the `python3` kernel, launched through `chinacompute.kernel` (which
    skips a slow optional import, see chinacompute.startup), talking over local IPC sockets (socket files with a unique
    name in the temporary directory, removed at shutdown) instead of TCP ports: no port races between parallel
    chapters, no "running over TCP" warnings."""
    import uuid
    from queue import Empty

    from jupyter_client import AsyncKernelManager
    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_core.utils import ensure_async

    class BookKernelClient(AsyncKernelClient):
        """jupyter_client's client, except that once the kernel has answered, waiting for it ends.

        jupyter_client's `wait_for_ready` then reads the output channel until it has been silent for 0.2 s, to drop
        the kernel's status messages; every chapter waited those 0.2 s, a tenth of a one-chapter rerun. nbclient
        reads only the messages that answer its own requests, so the status messages are dropped here without
        waiting for more (the rest is jupyter_client 8's method)."""

        def start_channels(self, *args, **kwargs):
            # The client connects while its kernel is still starting, and ZMQ retries a connection to a socket that
            # is not there yet every 100 ms; every 10 ms, the kernel is found as soon as it listens (measured: median
            # time to ready 0.63 s -> 0.57 s). The setting is this client's own context's.
            import zmq

            self.context.setsockopt(zmq.RECONNECT_IVL, 10)
            return super().start_channels(*args, **kwargs)

        async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
            deadline = time.time() + (float("inf") if timeout is None else timeout)
            while True:
                self.kernel_info()
                try:
                    reply = await ensure_async(self.shell_channel.get_msg(timeout=1))
                except Empty:
                    pass
                else:
                    if reply["msg_type"] == "kernel_info_reply":
                        # The output channel is connected once it carries a message (else ask again).
                        try:
                            await ensure_async(self.iopub_channel.get_msg(timeout=0.2))
                        except Empty:
                            pass
                        else:
                            self._handle_kernel_info_reply(reply)
                            break
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.time() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
            while True:  # drop the status messages already received
                try:
                    await ensure_async(self.iopub_channel.get_msg(timeout=0))
                except Empty:
                    break

        # AsyncKernelClient binds `wait_for_ready` to KernelClient's method itself, so overriding the private method
        # alone changes nothing: nbclient calls `wait_for_ready`.
        wait_for_ready = _async_wait_for_ready

    class BookKernelManager(AsyncKernelManager):
        @property
        def kernel_spec(self):
            # The chapters' `python3` kernel is this interpreter, the build's environment, started through
            # chinacompute.kernel. It is not looked up among the installed kernel specs: one of the same name in a
            # reader's own Jupyter folder (~/.local/share/jupyter/kernels, searched first outside a virtual
            # environment) would run the chapters on another Python, and the search took 0.05 s of a rerun before
            # its kernel could start.
            if self._kernel_spec is None and self.kernel_name == "python3":
                self._kernel_spec = KernelSpec(
                    argv=[sys.executable, "-m", "chinacompute.kernel", "-f", "{connection_file}"],
                    display_name="Python 3 (ipykernel)",
                    language="python",
                    interrupt_mode="signal",
                    metadata={"debugger": True},
                )
            return super().kernel_spec  # another name is looked up as jupyter_client does

        # jupyter_client interrupts a kernel before asking it to shut down; an idle kernel then logs "KeyboardInterrupt
        # caught in kernel" to the build's terminal. A chapter's kernel is idle at shutdown (or is killed after the
        # shutdown wait when a cell overran), so the interrupt is skipped.
        _shutting_down = False

        async def shutdown_kernel(self, now: bool = False, restart: bool = False):
            self._shutting_down = True
            try:
                return await super().shutdown_kernel(now=now, restart=restart)
            finally:
                self._shutting_down = False

        async def _async_interrupt_kernel(self):
            if not self._shutting_down:
                await super()._async_interrupt_kernel()

        def client(self, **kwargs):
            # Kept so that whoever started the kernel can close the channels of every client that talked to it
            # (papermill leaves its client connected to a kernel it did not start).
            made = super().client(**kwargs)
            self.clients.append(made)
            return made

        def __init__(self, **kwargs):
            self.clients = []
            kwargs.setdefault("client_factory", BookKernelClient)
            # A chapter's kernel usually exits within 0.2 s of the shutdown request, but now and then it lingers
            # (measured: 1 run in 5 waited 3.3 s more, a third of a one-chapter rerun). Its work is done and saved by
            # then, so after 1 s it is stopped instead of waited for (jupyter_client's default wait is 5 s).
            kwargs.setdefault("shutdown_wait_time", 1.0)
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", os.path.join(tempfile.gettempdir(), f"chinacompute-kernel-{uuid.uuid4().hex[:12]}"))
            super().__init__(**kwargs)

    return BookKernelManager


def kernel_environment(name: str, data_dir: Path, reads_log: str) -> dict[str, str]:
    """The variables a chapter's kernel runs with: the data folder, the file that records the tables it reads, and
    its name (figure numbers: "Figure 2.3" in chapter 02, charts.figure)."""
    return {
        READS_LOG_ENV: reads_log,
        DATA_ENV: str(data_dir),
        "CHINACOMPUTE_BOOK_BUILD": "1",
        "CHINACOMPUTE_CHAPTER": name,
        "PYDEVD_DISABLE_FILE_VALIDATION": os.environ.get("PYDEVD_DISABLE_FILE_VALIDATION", "1"),
    }


def _new_reads_log(name: str) -> str:
    fd, reads_log = tempfile.mkstemp(prefix=f"reads-{name}-", suffix=".txt")
    os.close(fd)
    return reads_log


class StartedKernel:
    """A chapter's kernel started before the chapter is run: a rerun starts it as soon as it knows the chapter, so
    the kernel starts and imports the book's modules (chinacompute.kernel) while the rerun validates its parameters
    and data. `execute_all` runs the chapter on it; whoever started it closes it."""

    def __init__(self, name: str, source: Path, data_dir: Path):
        from jupyter_core.utils import run_sync

        self.name, self.reads_log = name, _new_reads_log(name)
        self.manager = book_kernel_manager_class()(kernel_name="python3")
        try:
            run_sync(self.manager.start_kernel)(
                env={**os.environ, **kernel_environment(name, data_dir, self.reads_log)}, cwd=str(Path(source).parent)
            )
        except BaseException:
            Path(self.reads_log).unlink(missing_ok=True)
            raise
        self.used = False

    @classmethod
    def try_start(cls, name: str, source: Path, data_dir: Path) -> StartedKernel | None:
        """A started kernel, or None when it cannot start here: the chapter then starts its own, as a build does,
        and a kernel that cannot start is reported as that chapter's failure, with its name."""
        try:
            return cls(name, source, data_dir)
        except Exception:  # noqa: BLE001 - reported when the chapter runs
            return None

    def _disconnect(self) -> None:
        """Close the channels of every client that talked to the kernel."""
        for client in self.manager.clients:
            client.stop_channels()

    def request_shutdown(self) -> None:
        """Ask the kernel to exit (its chapter is done) without waiting: it exits while the page is built."""
        from jupyter_core.utils import run_sync

        self._disconnect()
        if run_sync(self.manager.is_alive)():
            run_sync(self.manager.request_shutdown)()

    def close(self) -> None:
        """Wait (at most the manager's shutdown wait) for the kernel to exit, kill it if it has not, and remove its
        connection and socket files and the reads log."""
        from jupyter_core.utils import run_sync

        self._disconnect()
        try:
            if self.manager.has_kernel and run_sync(self.manager.is_alive)():
                run_sync(self.manager.shutdown_kernel)(now=not self.used)
            else:  # it has exited: a shutdown request now could not be delivered and would hold the exit 0.1 s
                run_sync(self.manager.cleanup_resources)()
        finally:
            Path(self.reads_log).unlink(missing_ok=True)


def run_job(job: Job, kernel: StartedKernel | None = None) -> Result:
    """Execute one chapter (in a worker process, or here on a `kernel` started for it); write the target only when
    execution succeeds."""
    from ..startup import skip_slow_optional_imports

    skip_slow_optional_imports()
    import papermill as pm

    from .papermill_engine import ENGINE_NAME

    started = time.perf_counter()
    job.target.parent.mkdir(parents=True, exist_ok=True)
    if kernel is None:  # a worker process: the kernel papermill starts inherits this process's environment
        reads_log = _new_reads_log(job.name)
        os.environ.update(kernel_environment(job.name, job.data_dir, reads_log))
        kernel_arguments = {"kernel_manager_class": book_kernel_manager_class()}
    else:
        reads_log, kernel.used = kernel.reads_log, True
        kernel_arguments = {"km": kernel.manager}
    partial = job.target.with_name(f".{job.name}.partial.ipynb")
    inputs = cache.snapshot(job.source, job.parameters, job.data_dir, job.extra_inputs)
    try:
        # A text chapter becomes the JSON notebook papermill executes (the parameters cell keeps its tag).
        unexecuted = write_ipynb(read_notebook(job.source), job.target.with_name(f".{job.name}.source.ipynb"))
        pm.execute_notebook(
            str(unexecuted),
            str(partial),
            parameters=job.parameters,
            cwd=str(job.source.parent),
            kernel_name="python3",
            engine_name=ENGINE_NAME,
            progress_bar=False,
            log_output=False,
            report_mode=False,
            execution_timeout=job.cell_timeout,
            **kernel_arguments,
        )
    except BaseException as exc:  # noqa: BLE001 - any failure is reported with the chapter's name
        failed_copy = job.target.parent.parent / "failed" / job.target.name
        failed_copy.parent.mkdir(parents=True, exist_ok=True)
        if partial.exists():
            partial.replace(failed_copy)
        detail = _failure_message(job, exc) if not isinstance(exc, KeyboardInterrupt) else f"chapter {job.name} interrupted"
        if failed_copy.exists():
            detail += f"\n    the partly executed notebook is at {failed_copy}"
        return Result(job.name, "failed", time.perf_counter() - started, detail)
    finally:
        if kernel is None:
            os.environ.pop(READS_LOG_ENV, None)
        else:
            kernel.request_shutdown()
        job.target.with_name(f".{job.name}.source.ipynb").unlink(missing_ok=True)
        data_read = sorted(set(Path(reads_log).read_text(encoding="utf-8").split())) if os.path.exists(reads_log) else []
        Path(reads_log).unlink(missing_ok=True)  # also on failure: no reads-*.txt left in the temp folder
    notebook = json.loads(partial.read_text(encoding="utf-8"))
    limit = max_cell_output()
    oversized = oversized_outputs(notebook, limit)
    if oversized:
        failed_copy = job.target.parent.parent / "failed" / job.target.name
        failed_copy.parent.mkdir(parents=True, exist_ok=True)
        partial.replace(failed_copy)
        cells = ", ".join(f"cell {index} wrote {size / 1e6:.1f} MB" for index, size in oversized)
        detail = (
            f"chapter {job.name} stopped: {cells} of output, over the {limit / 1e6:.1f} MB a cell may leave in its page "
            f"(${MAX_CELL_OUTPUT_ENV} sets the limit)\n    the executed notebook is at {failed_copy}"
        )
        return Result(job.name, "failed", time.perf_counter() - started, detail)
    hide_plumbing(notebook)
    key = cache.key_from(inputs, data_read)
    notebook["metadata"][cache.CACHE_METADATA] = {"key": key, "data_read": data_read, "parameters": job.parameters}
    partial.write_text(json.dumps(notebook, ensure_ascii=False, indent=1), encoding="utf-8")
    partial.replace(job.target)
    return Result(job.name, "executed", time.perf_counter() - started, data_read=data_read)


def _safe_run(job: Job, kernel: StartedKernel | None = None) -> Result:
    try:
        return run_job(job, kernel)
    except Exception:  # noqa: BLE001 - report, never crash the pool
        return Result(job.name, "failed", 0.0, f"chapter {job.name}: build error\n{traceback.format_exc()}")


def _ignore_interrupt() -> None:
    """Worker start-up: Ctrl-C is the parent's to handle (see execute_all)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker_context():
    """Workers are forked where the system can (Linux): a forked worker starts in milliseconds with the build's
    modules already imported, where a spawned one starts a new interpreter and imports the CLI again (about 1-2 s,
    most of a one-chapter rerun's overhead). Each chapter's kernel is a new process either way."""
    return get_context("fork" if "fork" in get_all_start_methods() else "spawn")


def _report_result(result: Result, report) -> None:
    word = "executed " if result.status == "executed" else "FAILED   "
    report(f"  {word} {result.name:<28} {result.seconds:6.1f} s")
    if result.error:
        report("    " + result.error.replace("\n", "\n    "))


def execute_all(
    jobs: list[Job], workers: int | None = None, report=print, kernels: dict[str, StartedKernel] | None = None
) -> list[Result]:
    """Execute the jobs that need it, `workers` at a time; report one line per chapter as each finishes. A lone
    chapter with a kernel in `kernels` (started for it) runs here, on that kernel."""
    results: dict[str, Result] = {}
    pending = []
    for job in jobs:
        if needs_run(job):
            pending.append(job)
        else:
            results[job.name] = Result(job.name, "skipped")
            report(f"  skipped   {job.name:<28} (unchanged)")
    workers = max(1, min(workers or os.cpu_count() or 1, len(pending) or 1))
    kernel = (kernels or {}).get(pending[0].name) if len(pending) == 1 else None
    if kernel is not None:
        report(f"  executing {pending[0].name} ...")
        result = _safe_run(pending[0], kernel)
        results[result.name] = result
        _report_result(result, report)
    elif pending:
        report(f"  executing {len(pending)} chapter(s), {workers} at a time ...")
        # Ctrl-C reaches only this process's handling: the workers ignore it, so each finishes or fails its
        # chapter and shuts its kernel down cleanly (no ZMQ tracebacks), and the chapters not started are cancelled.
        with ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context(), initializer=_ignore_interrupt) as pool:
            futures = {pool.submit(_safe_run, job): job for job in pending}
            try:
                for future in as_completed(futures):
                    result = future.result()
                    results[result.name] = result
                    _report_result(result, report)
            except KeyboardInterrupt:
                for future in futures:
                    future.cancel()
                report("  interrupted: waiting for the chapters being executed to stop ...")
                raise
    return [results[job.name] for job in jobs]
