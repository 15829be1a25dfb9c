"""A text-table result builder and a log of finished nodes."""

from hamilton.plugins import hookimpl

FINISHED = []  # (run_id, node name) of every node finished in this process, in order


class TextTableResult:
    """The outputs as ``name | value`` lines."""

    @staticmethod
    def build_result(**outputs):
        width = max((len(name) for name in outputs), default=0)
        return "\n".join(f"{name.ljust(width)} | {value!r}" for name, value in outputs.items())


@hookimpl
def hamilton_register_result_builders(register):
    register("text_table", TextTableResult, description="outputs as aligned text lines")


@hookimpl
def hamilton_after_node(run_id, node, error):
    if error is None:
        FINISHED.append((run_id, node.name))
