"""Chapters execute in the standard IPython kernel, started through chinacompute.kernel over IPC sockets, without
the slow optional import (chinacompute.startup) and with everything else a chapter uses still working."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from chinacompute.kernel import PRELOADED, UNUSED_IN_BUILDS
from chinacompute.pipeline.execute import Job, StartedKernel, execute_all
from chinacompute.startup import SLOW_OPTIONAL_MODULES

pytestmark = pytest.mark.slow

PROBE = f"""
import json, logging, sys
import jsonschema, altair as alt
from IPython import get_ipython
from ipykernel.kernelapp import IPKernelApp
alt.Chart({{"values": [{{"a": 1}}]}}).mark_point().encode(x="a:Q").to_dict()  # Altair validates against its schema
print(json.dumps({{
    "skipped": {{name: sys.modules.get(name, "absent") is None for name in {list(SLOW_OPTIONAL_MODULES + UNUSED_IN_BUILDS)!r}}},
    "widgets": "ipywidgets" in sys.modules,
    "shutdown_filter": [type(f).__name__ for f in logging.getLogger("tornado.general").filters],
    "launcher": sys.argv[0],
    "kernel": type(get_ipython()).__name__,
    "transport": IPKernelApp.instance().transport,
    "ipc_path": IPKernelApp.instance().ip,
}}))
"""


def test_chapter_kernel_skips_the_slow_import_and_runs_ipython(tmp_path):
    source = tmp_path / "probe.ipynb"
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, source)
    (tmp_path / "data").mkdir()
    # In a worker process, as a build runs it (run_job sets the build's environment variables in its process).
    [result] = execute_all(
        [Job(source, tmp_path / "out" / "probe.ipynb", {}, tmp_path / "data")], workers=1, report=lambda _: None
    )
    assert result.status == "executed", result.error
    executed = json.loads((tmp_path / "out" / "probe.ipynb").read_text())
    report = json.loads("".join(executed["cells"][0]["outputs"][0]["text"]))
    assert report["skipped"] == {name: True for name in SLOW_OPTIONAL_MODULES + UNUSED_IN_BUILDS}
    assert report["widgets"] is False  # Altair was imported without its widget
    assert report["shutdown_filter"] == ["ShutdownRaceFilter"]
    assert Path(report["launcher"]).parts[-2:] == ("chinacompute", "kernel.py")
    assert report["kernel"] == "ZMQInteractiveShell"
    assert report["transport"] == "ipc"
    ipc = Path(report["ipc_path"])
    assert ipc.name.startswith("chinacompute-kernel-")
    assert not list(ipc.parent.glob(ipc.name + "*")), "the kernel's IPC socket files were left behind"


AHEAD_PROBE = f"""
import json, os, sys
preloaded = {{name: name in sys.modules for name in {list(PRELOADED)!r}}}  # before this cell imports anything
from chinacompute import data
data.table("widgets")
print(json.dumps({{
    "pid": os.getpid(),
    "preloaded": preloaded,
    "chapter": os.environ.get("CHINACOMPUTE_CHAPTER"),
    "data": os.environ.get("CHINACOMPUTE_DATA"),
    "cwd": os.getcwd(),
}}))
"""


def test_a_kernel_started_ahead_runs_its_chapter_and_leaves_nothing_behind(tmp_path, fixture_data):
    """A rerun starts its chapter's kernel before it validates anything (StartedKernel): the chapter then runs on
    that kernel, in this process, with the modules every chapter imports already imported, the build's environment
    (chapter name, data folder, the log of tables read) and the chapter's folder as working directory. Closing it
    leaves no process, connection file, socket file or reads log."""
    folder = tmp_path / "chapters"
    folder.mkdir()
    source = folder / "probe.ipynb"
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(AHEAD_PROBE)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, source)
    kernel = StartedKernel("probe", source, fixture_data)
    process = kernel.manager.provisioner.process
    connection_file, ipc = Path(kernel.manager.connection_file), Path(kernel.manager.ip)
    try:
        lines: list[str] = []
        [result] = execute_all(
            [Job(source, tmp_path / "out" / "probe.ipynb", {}, fixture_data)], report=lines.append, kernels={"probe": kernel}
        )
        assert result.status == "executed", result.error
        assert result.data_read == ["widgets.csv"]
        executed = json.loads((tmp_path / "out" / "probe.ipynb").read_text())
        report = json.loads("".join(executed["cells"][0]["outputs"][0]["text"]))
        assert report["pid"] == process.pid, "the chapter ran in a kernel other than the one started for it"
        assert report["preloaded"] == {name: True for name in PRELOADED}
        assert (report["chapter"], report["data"], report["cwd"]) == ("probe", str(fixture_data), str(folder))
        assert any("executing probe" in line for line in lines)
    finally:
        kernel.close()
    assert process.poll() is not None, "the kernel process is still running"
    assert not connection_file.exists()
    assert not list(ipc.parent.glob(ipc.name + "*")), "the kernel's IPC socket files were left behind"
    assert not Path(kernel.reads_log).exists()


def test_a_kernel_started_for_a_chapter_that_is_not_run_is_stopped(tmp_path):
    """Refused parameters or an unchanged chapter: the kernel started ahead is stopped at once by close()."""
    (tmp_path / "data").mkdir()
    kernel = StartedKernel("unused", tmp_path / "unused.ipynb", tmp_path / "data")
    process = kernel.manager.provisioner.process
    kernel.close()
    assert process.poll() is not None
    assert not Path(kernel.manager.connection_file).exists() and not Path(kernel.reads_log).exists()


def test_a_plain_python_is_untouched():
    """Only the build's processes skip the import: importing the package does not change anything."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, chinacompute, chinacompute.charts; import jsonschema; "
            "print(sys.modules.get('rfc3987_syntax', 'absent') is None)",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_a_kernel_that_cannot_start_ahead_is_left_to_the_chapter(tmp_path, monkeypatch):
    """When the kernel cannot be started ahead (here: no such kernel spec), try_start gives None instead of a
    traceback: the rerun then runs the chapter the ordinary way, which reports a failure with the chapter's name."""
    from chinacompute.pipeline import execute

    original = execute.book_kernel_manager_class

    def no_such_kernel():
        manager = original()

        class Missing(manager):
            def __init__(self, **kwargs):
                super().__init__(**{**kwargs, "kernel_name": "no-such-kernel"})

        return Missing

    monkeypatch.setattr(execute, "book_kernel_manager_class", no_such_kernel)
    (tmp_path / "data").mkdir()
    assert execute.StartedKernel.try_start("probe", tmp_path / "probe.ipynb", tmp_path / "data") is None


def test_the_client_stops_waiting_once_the_kernel_has_answered(tmp_path):
    """nbclient calls the client's `wait_for_ready`. jupyter_client's version then reads the output channel until it
    has been silent for 0.2 s; the book's client drains what has arrived (timeout 0) and returns. Checked on the
    reads it makes, not on the clock."""
    from jupyter_core.utils import run_sync

    (tmp_path / "data").mkdir()
    kernel = StartedKernel("ready", tmp_path / "ready.ipynb", tmp_path / "data")
    try:
        client = kernel.manager.client()
        client.start_channels()
        reads = []
        channel_get = client.iopub_channel.get_msg

        async def recorded(*args, timeout=None, **kwargs):
            reads.append(timeout)
            return await channel_get(*args, timeout=timeout, **kwargs)

        client.iopub_channel.get_msg = recorded
        run_sync(client.wait_for_ready)(timeout=60)
        assert 0 in reads, f"the output channel was read with timeouts {reads}"
        first_drain = reads.index(0)
        assert set(reads[first_drain:]) == {0}, f"waited on the output channel after the answer: {reads}"
        assert set(reads[:first_drain]) == {0.2}  # before the answer: 0.2 s to see that the output channel is connected
    finally:
        kernel.close()


def test_python3_chapters_run_on_this_interpreter_whatever_kernel_specs_are_installed(tmp_path, monkeypatch):
    """A `python3` kernel spec in the reader's own Jupyter folder is not used, even where Jupyter searches that folder
    first (outside a virtual environment, or with JUPYTER_PREFER_ENV_PATH=0): the chapters run on the build's
    interpreter, through chinacompute.kernel."""
    from jupyter_core.utils import run_sync

    spec_dir = tmp_path / "jupyter" / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(
        json.dumps({"argv": ["/bin/false", "-f", "{connection_file}"], "display_name": "Elsewhere", "language": "python"})
    )
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")
    (tmp_path / "data").mkdir()
    kernel = StartedKernel("spec", tmp_path / "spec.ipynb", tmp_path / "data")
    try:
        assert kernel.manager.kernel_spec.argv[:3] == [sys.executable, "-m", "chinacompute.kernel"]
        client = kernel.manager.client()
        client.start_channels()
        run_sync(client.wait_for_ready)(timeout=60)  # it started, and answers
    finally:
        kernel.close()


def test_only_the_shutdown_race_is_dropped_from_the_kernel_log():
    """The kernel's log filter drops the ZMQError ipykernel's shutdown can race into (ENOTSOCK) and nothing else."""
    import errno
    import logging

    import zmq

    from chinacompute.kernel import ShutdownRaceFilter

    def record(error: BaseException | None) -> logging.LogRecord:
        return logging.LogRecord(
            "tornado.general",
            logging.ERROR,
            __file__,
            1,
            "Uncaught exception in ZMQStream callback",
            None,
            (type(error), error, None) if error else None,
        )

    kept = ShutdownRaceFilter().filter
    assert not kept(record(zmq.error.ZMQError(errno.ENOTSOCK)))
    assert kept(record(zmq.error.ZMQError(errno.EAGAIN)))
    assert kept(record(ValueError("a real error")))
    assert kept(record(None))
