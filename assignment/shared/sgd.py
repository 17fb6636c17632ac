"""How the sgd.py suites tell a checkpoint that the student's code read in text mode."""


def reads_pickle_as_text(problem) -> bool:
    """Whether a failed call (its exception, whose text holds the student's traceback) failed in
    load_saved_params because the checkpoint's pickle was opened in text mode: decoding its bytes as
    text (UnicodeDecodeError) or handing pickle a str."""
    text = str(problem)
    return "load_saved_params" in text and ("UnicodeDecodeError" in text or "bytes-like object is required" in text)
