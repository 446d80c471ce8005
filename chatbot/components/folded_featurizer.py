"""A parallel, diacritic-free feature channel for Rasa's CountVectorsFeaturizer.

Token texts stay in the project's normal form (so word features keep
"phải" and "phái" apart); this featurizer folds them (đ -> d, no tone marks)
before counting, so a question typed without diacritics shares these features
with the training phrasings written with them.
"""

from __future__ import annotations

from typing import List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.nlu.constants import TEXT

from bvmt.text import fold


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class FoldedCountVectorsFeaturizer(CountVectorsFeaturizer):
    def _process_tokens(self, tokens: List[Text], attribute: Text = TEXT) -> List[Text]:
        processed = super()._process_tokens(tokens, attribute)
        if processed is tokens:  # labels (intent names) are returned untouched
            return processed
        return [fold(token) for token in processed]
