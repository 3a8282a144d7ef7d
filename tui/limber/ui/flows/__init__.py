"""The main screen's flows: what happens across several screens, each a small class
constructed with the main screen seen through :class:`~limber.ui.flows.port.MainScreenPort`.

- :mod:`~limber.ui.flows.opening`: the keys that open another screen (history, the
  builder, packs, help) and the history figures they and the pane are given;
- :mod:`~limber.ui.flows.pain`: the pain ratings around a session and where they point;
- :mod:`~limber.ui.flows.programme`: the programme followed: its bar, today's session
  (``t``) and its author's rules.

A flow may push any screen of :mod:`limber.ui.screens` (imported when first needed); it
never imports the main screen or the app (import-linter checks both).
"""
