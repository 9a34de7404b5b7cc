"""`story_withdrawn`: sent after the commit that recorded a withdrawal of consent.

Receivers get the app as sender and `story_id`, `member_id`; the story's title and body are
already erased. Features that copy story text anywhere (caches, indexes, exports) subscribe.
"""

from blinker import Namespace

_signals = Namespace()
story_withdrawn = _signals.signal("story_withdrawn")
