"""The kernel that executes chapters in a build: the standard IPython kernel (ipykernel), started without the slow
optional import described in `chinacompute.startup`. Chapters run exactly as in a `python3` kernel otherwise.

    python -m chinacompute.kernel -f <connection file>
"""

from __future__ import annotations

from .startup import skip_slow_optional_imports


def main() -> None:
    skip_slow_optional_imports()
    from ipykernel.kernelapp import launch_new_instance

    launch_new_instance()


if __name__ == "__main__":
    main()
