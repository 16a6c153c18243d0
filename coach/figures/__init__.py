"""Figures: a moving stick body for every exercise, drawn from data as terminal text.

- `model`: the body's keyframes (joint angles), the view and the props;
- `motion`: the pose at any phase of a rep (`pose_at`), eased between keyframes;
- `draw`: placing and rendering a pose in a box of Braille cells (`frame_at`, `render`);
- `canvas`: the Braille dot canvas and the mirror image for the other side;
- `format`: YAML → `Figure` with located errors (`read_figure_node`, `read_figures_text`);
- `library`: the built-in figures by exercise id (`figure_for`);
- `text`: figures beside each other, for `coach show` and docs/exercises.md.

No Textual: the session screen, `coach show` and the docs generator all draw through here.
"""
