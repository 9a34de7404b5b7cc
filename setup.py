"""Build steps pyproject.toml cannot say: the checkout keeps `migrations/` and `translations/`
at its top level, the wheel carries them inside the package (`hub/migrations`,
`hub/translations`) with the message catalogs compiled from the `.po` files at build time."""

from pathlib import Path

from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py

BUNDLED = {"hub.migrations": "migrations", "hub.translations": "translations"}


class BuildWithCatalogs(build_py):
    """Copy the package as usual, then compile every bundled `.po` into its `.mo`."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # a checkout compiles in place (`flask --app hub translate compile`)
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in (Path(self.build_lib) / "hub" / "translations").glob("*/LC_MESSAGES/*.po"):
            with po.open("rb") as source:
                catalog = read_po(source, locale=po.parent.parent.name)
            with po.with_suffix(".mo").open("wb") as target:
                write_mo(target, catalog)


def packages() -> list[str]:
    """hub and its subpackages, then each bundled folder and its subfolders under its name."""
    found = find_namespace_packages(include=["hub", "hub.*"], exclude=["*.__pycache__"])
    for name, folder in BUNDLED.items():
        found.append(name)
        subfolders = find_namespace_packages(folder, exclude=["*__pycache__"])
        found += [f"{name}.{sub}" for sub in subfolders]
    return found


setup(
    packages=packages(),
    package_dir=BUNDLED,
    cmdclass={"build_py": BuildWithCatalogs},
)
