"""The knife classifier's learned second opinion: the hand-written corpora and their fixed
split (``corpus``), a scratch warehouse where dbt reads narratives as the nightly job does
(``scratch``), and the retraining that writes the seed ``knife_second_opinion_weights``
(``second_opinion``). Nothing here runs at import."""
