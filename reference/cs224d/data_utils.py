"""CS224d's cs224d/data_utils.py, as its 2016 and 2017 problem sets import it
(`from cs224d.data_utils import *` at the top of q4_softmaxreg.py and q3_run.py): the
Stanford Sentiment Treebank reader, the same class as CS224n's utils/treebank.py."""
from utils.treebank import StanfordSentiment

__all__ = ["StanfordSentiment"]
