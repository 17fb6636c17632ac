"""The grader's end of the worker: start it, exchange frames under deadlines, kill it.
exchange() raises ChannelTimeout at the deadline and ChannelBroken when the worker
dies or sends a malformed frame; either way the worker is killed first."""
import os
import select
import time

from autograder.sandbox import process, wire
from autograder.sandbox.safe import safe_text


class ChannelTimeout(Exception):
    """The worker did not answer before the deadline."""


class ChannelBroken(Exception):
    """The worker died, closed its pipe or sent something that is not a frame. str() says which."""


class Channel:
    def __init__(self, command: list[str], scratch: str, limits: dict, log_path: str):
        request_read, self.request_fd = os.pipe()
        self.reply_fd, reply_write = os.pipe()
        try:
            self.process = process.spawn([*command, str(request_read), str(reply_write)], scratch, limits, log_path,
                                         (request_read, reply_write))
        finally:
            for fd in (request_read, reply_write):
                os.close(fd)
        os.set_blocking(self.request_fd, False)
        self.survivors = []  # pids of the sandbox uid that outlived SIGKILL (see process.kill_uid)

    def alive(self) -> bool:
        return self.process.poll() is None

    def exchange(self, message, timeout: float):
        """Send a message and return the worker's decoded reply."""
        frame = wire.encode(message)  # outside the try: a message the grader cannot encode is its own fault
        deadline = time.monotonic() + timeout

        def write(data):
            _wait_for(self.request_fd, select.POLLOUT, deadline)
            return os.write(self.request_fd, data)

        def read(count):
            _wait_for(self.reply_fd, select.POLLIN, deadline)
            return os.read(self.reply_fd, count)

        try:
            wire.write_all(write, frame)
            return wire.read_frame(read, clean=safe_text)
        except TimeoutError:
            self.close()
            raise ChannelTimeout from None
        except (OSError, EOFError, wire.WireError) as error:
            self.close()
            raise ChannelBroken(f"it sent {error}" if isinstance(error, wire.WireError)
                                else str(error) or type(error).__name__) from None

    def close(self) -> None:
        """Kill the worker and everything it started; idempotent."""
        if self.request_fd is None:
            return
        self.survivors = process.kill_tree(self.process)
        os.close(self.request_fd)
        os.close(self.reply_fd)
        self.request_fd = self.reply_fd = None


def _wait_for(fd, event, deadline):
    """Block until fd is ready for event; TimeoutError at the deadline, EOFError if the pipe broke."""
    poller = select.poll()
    poller.register(fd, event)
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        ready = poller.poll(left * 1000)
        if ready:
            if ready[0][1] & (select.POLLERR | select.POLLNVAL):
                raise EOFError("the worker's pipe broke")
            return
