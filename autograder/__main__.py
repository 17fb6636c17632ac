import gc
import sys

from autograder.cli import main

status = main()
# The interpreter's clean-up at exit walks every object the run made (about 0.2 s after a grading);
# frozen objects are skipped, and files and streams are still closed and flushed as usual.
gc.freeze()
sys.exit(status)
