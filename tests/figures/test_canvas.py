"""The Braille canvas: dots, lines, clipping, and the mirror image."""

from __future__ import annotations

from coach.figures.canvas import BLANK, BrailleCanvas, mirror_lines


def test_each_dot_raises_its_braille_bit() -> None:
    # Dots numbered as in Braille: 1-2-3-7 down the left column, 4-5-6-8 down the right.
    expected = {(0, 0): "⠁", (0, 1): "⠂", (0, 2): "⠄", (0, 3): "⡀"}
    expected |= {(1, 0): "⠈", (1, 1): "⠐", (1, 2): "⠠", (1, 3): "⢀"}
    for (x, y), char in expected.items():
        canvas = BrailleCanvas(1, 1)
        canvas.dot(x, y)
        assert canvas.lines() == (char,)


def test_an_empty_canvas_is_blank_braille() -> None:
    assert BrailleCanvas(3, 2).lines() == (BLANK * 3, BLANK * 3)


def test_lines_join_their_ends() -> None:
    canvas = BrailleCanvas(2, 1)
    canvas.line(0, 0, 3, 3)
    assert canvas.lines() == ("⠑⢄",)
    canvas = BrailleCanvas(2, 1)
    canvas.line(0, 3, 3, 3, every=2)  # dotted
    assert canvas.lines() == ("⡀⡀",)


def test_dots_outside_are_dropped_and_counted() -> None:
    canvas = BrailleCanvas(1, 1)
    canvas.line(-2, 0, 3, 0)
    assert canvas.lines() == ("⠉",)
    assert canvas.clipped == 4


def test_mirroring_swaps_the_dot_columns_and_reverses_the_cells() -> None:
    assert mirror_lines(("⠁⠀",)) == ("⠀⠈",)
    assert mirror_lines(("⡇⢸",)) == ("⡇⢸",)
    assert mirror_lines(("⠑⢄",)) == ("⡠⠊",)
    every = tuple(chr(c) for c in range(0x2800, 0x2900))
    assert mirror_lines(mirror_lines(("".join(every),))) == ("".join(every),)
    assert len({mirror_lines((c,))[0] for c in every}) == 256  # a bijection
    assert mirror_lines(("ab",)) == ("ba",)  # other text is reversed, not changed
