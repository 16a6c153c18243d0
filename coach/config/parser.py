"""Reading config.yaml: the YAML (through coach.yamlsafe) walked by the declaration.

Every problem is a located error (`path:line:column: field: message`), unknown keys
get a "did you mean", and a broken setting falls back to its default while the
others are kept. Rules across settings (`every` or `at_minute`, a glass no bigger
than the goal, a working day with an end) are here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from coach.config.model import Config
from coach.config.readers import ItemError, is_null
from coach.config.settings import SECTION_BY_NAME, TOP_LEVEL_BY_NAME, Setting
from coach.errors import InvalidFile, LocatedError, Location, did_you_mean


def parse_config_text(text: str, path: str) -> tuple[Config, InvalidFile | None]:
    parser = Parser(path)
    config = parser.parse(text)
    if parser.errors:
        return config, InvalidFile(path, sorted(parser.errors, key=lambda e: e.location))
    return config, None


class Parser:
    """Reads config.yaml's nodes by the declaration, collecting located errors."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[LocatedError] = []
        self.values: dict[str, Any] = {}
        self.nodes: dict[str, Any] = {}  # config field -> the node it came from

    # -- helpers
    def where(self, node: Any) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)

    def error(self, node: Any, field_name: str, message: str) -> None:
        self.errors.append(LocatedError(self.where(node), message, field_name))

    def parse(self, text: str) -> Config:
        import yaml

        from coach import yamlsafe

        root = yamlsafe.compose(
            text, self.path, self.errors, what="config files", empty_is_error=False
        )
        if root is None:
            return Config()
        if not isinstance(root, yaml.MappingNode):
            self.error(root, "", "expected settings like `sitting:` and `water:` at the top")
            return Config()
        for key_node, value_node in self.mapping_items(root, ""):
            name = key_node.value
            if name in SECTION_BY_NAME:
                self.read_section(name, value_node)
            elif name in TOP_LEVEL_BY_NAME:
                self.read_field(name, value_node, TOP_LEVEL_BY_NAME[name])
            else:
                choices = set(SECTION_BY_NAME) | set(TOP_LEVEL_BY_NAME)
                self.error(key_node, name, f"unknown setting{did_you_mean(name, choices)}")
        self.check_together()
        config = Config()
        try:
            return replace(config, **self.values)
        except (TypeError, ValueError) as error:  # a bug here must not stop coach
            self.errors.append(LocatedError(Location(self.path), str(error)))
            return config

    def mapping_items(self, node: Any, field_name: str) -> list[tuple[Any, Any]]:
        import yaml

        seen: set[str] = set()
        items = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, field_name, "expected a plain name as a key")
                continue
            full = f"{field_name}.{key_node.value}" if field_name else key_node.value
            if key_node.value in seen:
                self.error(key_node, full, "set twice; keep one")
                continue
            seen.add(key_node.value)
            items.append((key_node, value_node))
        return items

    def read_section(self, name: str, node: Any) -> None:
        import yaml

        section = SECTION_BY_NAME[name]
        keys = section.keys
        if is_null(node):
            return
        if isinstance(node, yaml.ScalarNode) and name == "work" and node.value == "always":
            self.values["anytime"] = True
            return
        if not isinstance(node, yaml.MappingNode):
            listed = ", ".join(keys)
            self.error(node, name, f"expected settings under it ({listed})")
            return
        for key_node, value_node in self.mapping_items(node, name):
            key = key_node.value
            full = f"{name}.{key}"
            if key not in keys:
                self.error(key_node, full, f"unknown setting{did_you_mean(key, set(keys))}")
                continue
            self.read_field(full, value_node, section[key])

    def read_field(self, full: str, node: Any, setting: Setting) -> None:
        field_name = setting.attr
        try:
            self.values[field_name] = setting.read(self, node)
        except ItemError as error:
            self.error(error.node, full, str(error))
            return
        except ValueError as error:
            self.error(node, full, str(error))
            return
        self.nodes[field_name] = (full, node)

    def check_together(self) -> None:
        """Rules across fields; the later field falls back to its default."""
        for every_field, minute_field in (
            ("sitting_interval", "align_minute"),
            ("water_interval", "water_align_minute"),
        ):
            if every_field in self.nodes and self.values.get(minute_field) is not None:
                full, node = self.nodes[minute_field]
                self.error(node, full, "use either `every` or `at_minute`, not both")
                del self.values[minute_field]
        start = self.values.get("work_start", Config.work_start)
        end = self.values.get("work_end", Config.work_end)
        if start == end and ("work_end" in self.nodes or "work_start" in self.nodes):
            full, node = self.nodes.get("work_end") or self.nodes["work_start"]
            self.error(node, full, "the working day needs an end different from its start")
            self.values.pop("work_start", None)
            self.values.pop("work_end", None)
        goal = self.values.get("water_goal_ml", Config.water_goal_ml)
        glass = self.values.get("glass_ml", Config.glass_ml)
        if glass > goal and "glass_ml" in self.nodes:
            full, node = self.nodes["glass_ml"]
            self.error(node, full, "a glass cannot hold more than the daily goal")
            del self.values["glass_ml"]
