"""``python -m dprk_ru``: the same as the ``revenue`` command."""

from dprk_ru.cli import main

main()
