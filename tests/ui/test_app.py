#!/usr/bin/python3
# test_app.py — drive the Lossbench window as a person would, through its accessibility tree.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run it with run-under-xvfb.sh (Xvfb, a private D-Bus session and the accessibility bus).
# Environment: LB_APP (the built `lossbench`), GSETTINGS_SCHEMA_DIR (its compiled schema),
# LB_VERSION (the version About must show). Every wait polls with a deadline, no fixed sleeps,
# so the test holds on a loaded machine; LB_UI_TIMEOUT (seconds) scales the deadlines.

import csv
import ctypes
import glob
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from xml.etree import ElementTree

from dogtail.config import config

# GTK 4 talks to the accessibility bus whenever there is one; do not make dogtail look for the
# toolkit-accessibility setting in the user's dconf.
config.checkForA11y = False
config.logDebugToFile = False
config.logDebugToStdOut = False

from dogtail import rawinput, tree  # noqa: E402
from gi.repository import Atspi, Gio, GLib  # noqa: E402

# dogtail.logging sends the traceback of an uncaught exception to dogtail's debug log, which is
# off above: a bug in this script would end it with status 1 and not a word. Python's own hook
# prints the traceback.
sys.excepthook = sys.__excepthook__

APP = os.environ['LB_APP']
# lossbench-cli, built beside the app (build/src/app/lossbench, build/src/cli/lossbench-cli).
CLI = os.path.join(os.path.dirname(os.path.dirname(APP)), 'cli', 'lossbench-cli')
BIG_FOLDER_PAIRS = 700
EXTERNAL_PAIRS = 8
VERSION = os.environ.get('LB_VERSION', '')
TIMEOUT = float(os.environ.get('LB_UI_TIMEOUT', '60'))
# The main loop's lateness that no machine excuses: a blocking call on the main thread. How
# smooth the window is on a given machine is a benchmark's figure (bench/ui-latency.sh), not a
# test's: a slow or busy machine is late by tens of milliseconds without anything being wrong.
BLOCKED_MS = 250

DEMO_TITLE = 'Demo Set (Synthetic Phantoms)'
SCHEMA_ID = 'io.github.lossbench.Lossbench'


class Failure(Exception):
    pass


def log(message):
    print(message, flush=True)


def check(condition, message):
    if not condition:
        raise Failure(message)
    log('ok: ' + message)


def wait_for(what, probe, proc=None, timeout=TIMEOUT):
    """Poll probe() until it returns something true; fail after timeout, or at once if the app
    has exited. The accessibility tree changes under our feet, so lookups may raise meanwhile."""
    deadline = time.monotonic() + timeout
    error = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise Failure(f'the app exited with status {proc.returncode} while waiting for {what}')
        try:
            result = probe()
            if result:
                return result
        except (GLib.Error, LookupError, AttributeError) as e:
            error = e
        time.sleep(0.1)
    raise Failure(f'timed out after {timeout:.0f} s waiting for {what}'
                  + (f' (last error: {error})' if error else ''))


def extents(node):
    try:
        return node.get_extents(Atspi.CoordType.WINDOW)
    except GLib.Error:
        return None


def on_screen(node):
    """GTK 4.8 reports neither SHOWING nor a changed VISIBLE for the pages of a stack, but a
    widget that has never been shown has no size: a page that appears gets one."""
    rect = extents(node)
    return rect is not None and rect.width > 0 and rect.height > 0


def has_state(node, state):
    return node.getState().contains(state)


def find_all(root, role, name):
    return root.findChildren(lambda n: n.roleName == role and n.name == name)


def find_on_screen(root, role, name):
    nodes = [n for n in find_all(root, role, name) if on_screen(n)]
    return nodes[0] if nodes else None


def application(proc):
    return wait_for('the app on the accessibility bus',
                    lambda: next((a for a in tree.root.children if a.name == 'lossbench'), None),
                    proc)


def top_window(app, role, name, proc):
    return wait_for(f'the {name!r} window',
                    lambda: next((w for w in app.children
                                  if w.roleName == role and w.name == name and on_screen(w)),
                                 None),
                    proc)


def window_gone(app, name, proc):
    wait_for(f'the {name!r} window to close',
             lambda: not any(w.name == name for w in app.children), proc)


def tab(window, name):
    """AdwViewSwitcherTitle holds a wide and a narrow switcher, and there is the bottom bar:
    the same tab three times. The one to press is the one on screen."""
    return find_on_screen(window, 'page tab', name)


def selected_page(window):
    """In a narrow window AdwViewSwitcherTitle keeps its wide and its narrow switcher both
    sized: both say the same page is selected."""
    tabs = [t for t in window.findChildren(lambda n: n.roleName == 'page tab') if on_screen(t)]
    chosen = {t.name for t in tabs if has_state(t, Atspi.StateType.SELECTED)}
    return chosen.pop() if len(chosen) == 1 else None


def wait_page(window, page, title, proc):
    wait_for(f'page {page!r} to be selected', lambda: selected_page(window) == page, proc)
    wait_for(f'{title!r} on screen', lambda: find_on_screen(window, 'label', title), proc)
    log(f'ok: page {page!r} shows {title!r}')


def click(node):
    node.doActionNamed('click')


def open_menu_item(window, app, item, proc):
    menu_button = wait_for('the main menu button',
                           lambda: next((b for b in find_all(window, 'push button', 'Main Menu')
                                         if 'click' in b.actions and on_screen(b)), None),
                           proc)
    click(menu_button)
    entry = wait_for(f'menu item {item!r}',
                     lambda: next((m for m in app.findChildren(
                         lambda n: n.roleName == 'menu item' and n.name == item)
                         if on_screen(m)), None),
                     proc)
    click(entry)


def close_window(window):
    button = next((b for b in find_all(window, 'push button', 'Close')
                   if 'click' in b.actions and on_screen(b)), None)
    check(button is not None, f'{window.name!r} has a Close button')
    click(button)


def saved_settings(settings_file):
    """What the app saved, read as the app reads it: GSettings over the keyfile backend on the
    same file, with the app's compiled schema. A key at its default need not be in the file
    (a GSettings binding writes only changes), and reads as the default."""
    source = Gio.SettingsSchemaSource.new_from_directory(os.environ['GSETTINGS_SCHEMA_DIR'],
                                                         None, False)
    schema = source.lookup(SCHEMA_ID, False)
    if schema is None:
        raise Failure(f'no schema {SCHEMA_ID} in {os.environ["GSETTINGS_SCHEMA_DIR"]}')
    backend = Gio.keyfile_settings_backend_new(settings_file, '/', None)
    return Gio.Settings.new_full(schema, backend, None)


def saved_window(settings_file):
    settings = saved_settings(settings_file)
    return ((settings.get_int('window-width'), settings.get_int('window-height')),
            settings.get_boolean('window-maximized'))


def resize_x_window(title, width, height):
    """Resize the top-level X window called TITLE as a window manager does when a person drags
    its corner: Xvfb has no window manager. Through libX11, which GTK has loaded anyway."""
    c = ctypes
    x11 = c.CDLL('libX11.so.6')
    x11.XOpenDisplay.restype = c.c_void_p
    x11.XOpenDisplay.argtypes = [c.c_char_p]
    x11.XDefaultRootWindow.restype = c.c_ulong
    x11.XDefaultRootWindow.argtypes = [c.c_void_p]
    x11.XQueryTree.argtypes = [c.c_void_p, c.c_ulong, c.POINTER(c.c_ulong),
                               c.POINTER(c.c_ulong), c.POINTER(c.POINTER(c.c_ulong)),
                               c.POINTER(c.c_uint)]
    x11.XFetchName.argtypes = [c.c_void_p, c.c_ulong, c.POINTER(c.c_void_p)]
    x11.XResizeWindow.argtypes = [c.c_void_p, c.c_ulong, c.c_uint, c.c_uint]
    x11.XSync.argtypes = [c.c_void_p, c.c_int]
    x11.XFree.argtypes = [c.c_void_p]
    x11.XCloseDisplay.argtypes = [c.c_void_p]
    display = x11.XOpenDisplay(None)
    if not display:
        raise Failure('cannot open the X display to resize the window')
    try:
        root, parent = c.c_ulong(), c.c_ulong()
        children, n_children = c.POINTER(c.c_ulong)(), c.c_uint()
        x11.XQueryTree(display, x11.XDefaultRootWindow(display), c.byref(root),
                       c.byref(parent), c.byref(children), c.byref(n_children))
        windows = []
        for i in range(n_children.value):
            name = c.c_void_p()
            if x11.XFetchName(display, children[i], c.byref(name)) and name.value:
                if c.string_at(name.value) == title.encode():
                    windows.append(children[i])
                x11.XFree(name)
        if children:
            x11.XFree(children)
        if len(windows) != 1:
            raise Failure(f'{len(windows)} X windows are called {title!r}, not one')
        x11.XResizeWindow(display, windows[0], width, height)
        x11.XSync(display, 0)
    finally:
        x11.XCloseDisplay(display)


def start(env):
    return subprocess.Popen([APP], env=env)


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def press(node):
    """Buttons offer 'click'. GTK 4.8 gives check buttons no action over AT-SPI: those are
    clicked with the pointer, as a person would. Without a window manager the window sits at
    the screen's origin, so window coordinates are screen coordinates."""
    if 'click' in node.actions:
        click(node)
        return
    rect = extents(node)
    rawinput.click(rect.x + rect.width // 2, rect.y + rect.height // 2)


def is_on(node):
    return has_state(node, Atspi.StateType.CHECKED) or has_state(node, Atspi.StateType.PRESSED)


def on_screen_named(window, role, name, proc, what=None):
    return wait_for(what or f'{role} {name!r} on screen',
                    lambda: find_on_screen(window, role, name), proc)


def label_starting(window, prefix):
    nodes = [n for n in window.findChildren(
        lambda n: n.roleName == 'label' and n.name.startswith(prefix)) if on_screen(n)]
    return nodes[0] if nodes else None


def chooser_value(panel, name, proc):
    """A loss chooser is a row with a menu button: the button inside it shows the chosen loss."""
    outer = on_screen_named(panel, 'push button', name, proc)
    inner = wait_for(f'the button of {name!r}', lambda: next(
        (c for c in outer.findChildren(lambda n: 'click' in n.actions) if on_screen(c)), None),
        proc)
    return inner


def open_losses(app, panel, name, proc):
    """Opens the chooser NAME: the popover's list of losses, in order, and its headings."""
    click(chooser_value(panel, name, proc))
    listing = wait_for('the list of losses', lambda: next(
        (n for n in app.findChildren(lambda n: n.roleName == 'list' and n.name == 'Losses')
         if on_screen(n)), None), proc)
    rows = [c.name for c in listing.children if c.roleName == 'list item']
    headings = [c.name for c in listing.children if c.roleName == 'label']
    return rows, headings


def choose_loss(app, panel, name, loss, proc):
    """Chooses LOSS in the chooser NAME with the keyboard, as a person without a pointer would:
    Home goes to the first loss (the family headings are skipped), Down to the next, Return
    takes it and closes the list."""
    rows, _ = open_losses(app, panel, name, proc)
    check(loss in rows, f'{name!r} offers {loss}')
    rawinput.pressKey('Home')
    for _ in range(rows.index(loss)):
        rawinput.pressKey('Down')
    rawinput.pressKey('Return')
    wait_for(f'{name!r} to show {loss}', lambda: chooser_value(panel, name, proc).name == loss,
             proc)


def bring_into_view(node, proc, edge=False):
    """Scrolls the pane holding NODE with the mouse wheel until NODE is inside it; with EDGE
    the pointer is at the pane's left margin, off charts that take the wheel themselves."""
    pane = node.parent
    while pane is not None and pane.roleName != 'scroll pane':
        pane = pane.parent
    for _ in range(50):
        r, p = extents(node), extents(pane)
        if r.y >= p.y and r.y + r.height <= p.y + p.height:
            return
        if edge:
            rawinput.absoluteMotion(p.x + 10, p.y + p.height // 2)
            rawinput.click(p.x + 10, p.y + p.height // 2, button=4 if r.y < p.y else 5)
        else:
            scroll_over(pane, up=r.y < p.y)
        time.sleep(0.1)
    raise Failure(f'{node.name!r} could not be scrolled into view')


def choose_in_combo(panel, name, position, value, proc):
    """An AdwComboRow: the pointer opens its list, the keyboard takes the item at POSITION."""
    combo = on_screen_named(panel, 'combo box', name, proc)
    bring_into_view(combo, proc)
    press(combo)
    time.sleep(0.5)
    rawinput.pressKey('Home')
    for _ in range(position):
        rawinput.pressKey('Down')
    rawinput.pressKey('Return')
    wait_for(f'{name!r} to show {value}',
             lambda: any(c.name == value for c in combo.findChildren(
                 lambda n: n.roleName == 'label')), proc)


def set_value(node, value):
    """Spin buttons and scales take a value through AT-SPI's Value interface, as an assistive
    technology would set it."""
    node.value = value
    return abs(node.value - value) < 1e-6


def description(node):
    return node.description or ''


def centre(node):
    rect = extents(node)
    return rect.x + rect.width // 2, rect.y + rect.height // 2


def scroll_over(node, up):
    """One notch of the mouse wheel with the pointer on the node (X buttons 4 and 5)."""
    x, y = centre(node)
    rawinput.absoluteMotion(x, y)
    rawinput.click(x, y, button=4 if up else 5)


def latency_runs(latency_log, phase):
    """The main-loop lateness measurements the app logged for a phase ('load' or 'train')."""
    with open(latency_log, encoding='utf-8') as f:
        runs = [dict(kv.split('=') for kv in line.split()) for line in f if line.strip()]
    return [r for r in runs if r['phase'] == phase]


class Settled:
    """A probe for wait_for: the value once two readings half a second apart agree (longer than
    the quarter of a second a chart takes to describe new data)."""

    def __init__(self, read):
        self.read = read
        self.last = None
        self.when = 0.0

    def __call__(self):
        value = self.read()
        now = time.monotonic()
        if value != self.last:
            self.last, self.when = value, now
            return None
        return value if now - self.when >= 0.5 else None


def points(plot, series):
    """The chart says how many points each series has in its accessible description."""
    for part in description(plot).split('; '):
        name, _, rest = part.partition(': ')
        if name == series:
            return int(rest.split(' ')[0])
    return -1


SHOTS = os.environ.get('LB_UI_SCREENSHOTS') or os.path.join(
    os.environ.get('LB_BUILD_DIR', tempfile.gettempdir()), 'tests', 'ui', 'screenshots')


def screenshot(window, page):
    """What the page looked like at this step, for a person reading a failed run: the screen
    as X has it (ImageMagick's import), cropped to the window at the origin."""
    os.makedirs(SHOTS, exist_ok=True)
    path = os.path.join(SHOTS, f'{page}.png')
    rect = extents(window)
    subprocess.run(['import', '-window', 'root', '-crop',
                    f'{rect.width}x{rect.height}+0+0', path], check=True)
    check(os.path.getsize(path) > 10000, f'screenshot of {page} saved: {path}')


def data_page(window, proc):
    """Open the demo set (the app does on first launch), see the grid, open a pair, change
    the overlay's opacity."""
    wait_page(window, 'Data', DEMO_TITLE, proc)
    summary = wait_for('the dataset summary',
                       lambda: label_starting(window, '24 pairs at 64×64'), proc)
    check('phantom 24' in summary.name, f'the summary counts pairs by source: {summary.name!r}')
    check('Split (seed 42): 20 train, 2 validation, 2 test' in summary.name,
          'the summary gives the split counts')
    names = wait_for('thumbnails in the grid',
                     lambda: [n for n in window.findChildren(
                         lambda n: n.roleName == 'label' and n.name.startswith('phantom_0'))
                         if on_screen(n)], proc)
    check(len(names) >= 4, f'the grid shows the images ({len(names)} names on screen)')
    check(find_on_screen(window, 'label', 'phantom_0001') is not None,
          'the first image is in the grid')

    view = on_screen_named(window, 'image', 'Selected Image', proc)
    wait_for('the first pair in the large view',
             lambda: label_starting(window, 'phantom_0001 · phantom · 1 of 24'), proc)
    press(on_screen_named(window, 'push button', 'Next Image', proc))
    wait_for('the second pair in the large view',
             lambda: label_starting(window, 'phantom_0002 · phantom · 2 of 24'), proc)
    log('ok: Next Image opens the next pair')

    check('opacity 45 %' in description(view), f'the overlay starts at 45 %: {description(view)!r}')
    opacity = on_screen_named(window, 'slider', 'Overlay Opacity', proc)
    check(set_value(opacity, 0.8), 'the opacity slider takes 0.8')
    wait_for('the view to show 80 % opacity', lambda: 'opacity 80 %' in description(view), proc)
    log('ok: the large view follows the opacity slider')
    press(on_screen_named(window, 'push button', 'Contour', proc))
    wait_for('the view to draw contours', lambda: 'contour' in description(view), proc)
    log('ok: the large view switches to contours')
    press(on_screen_named(window, 'push button', 'Zoom In', proc))
    wait_for('the view to zoom', lambda: 'zoom 1.5×' in description(view), proc)
    log('ok: Zoom In zooms the large view')
    scroll_over(view, up=True)
    wait_for('the wheel to zoom further', lambda: 'zoom 1.8×' in description(view), proc)
    log('ok: the mouse wheel zooms the large view (1.5× → 1.8×)')
    press(on_screen_named(window, 'push button', 'Fit to View', proc))
    wait_for('Fit to zoom out', lambda: 'zoom 1.0×' in description(view), proc)
    log('ok: Fit shows the whole image again')
    read_outs(window, view, proc)
    screenshot(window, 'data')


def zoom_percent(window):
    label = label_starting(window, 'Zoom ')
    try:
        return float(label.name.split(' ')[1]) if label is not None else None
    except ValueError:  # "Zoom: no image"
        return None


def pixel_read_out(window):
    """The read-out under the large view, in words: (x, y, image, mask), or None when the
    pointer is not over the image."""
    label = label_starting(window, 'Pixel ')
    found = label and re.match(r'Pixel x (\d+), y (\d+) — image (\d+), mask (\d)', label.name)
    return tuple(int(g) for g in found.groups()) if found else None


def read_outs(window, view, proc):
    """The numbers beside the large view: the picture's size, window and level, the zoom, and
    the pixel under the pointer, which follows the pointer."""
    check(find_on_screen(window, 'label', '64 × 64 px, generated') is not None,
          'the large view says the demo image is 64 × 64 and has no original file')
    check(find_on_screen(window, 'label', 'Window 255, level 128') is not None,
          'the window and level are read out')
    fit = wait_for('the zoom read-out', lambda: zoom_percent(window), proc)
    press(on_screen_named(window, 'push button', 'Zoom In', proc))
    wait_for('the zoom read-out to follow Zoom In',
             lambda: abs(zoom_percent(window) / fit - 1.5) < 0.02, proc)
    log(f'ok: the zoom is read out in the image\'s pixels ({fit:.0f} % at fit, 1.5× that after Zoom In)')
    press(on_screen_named(window, 'push button', 'Fit to View', proc))
    wait_for('the zoom read-out back at fit', lambda: abs(zoom_percent(window) - fit) < 0.5, proc)
    rawinput.absoluteMotion(5, 5)
    wait_for('the pixel read-out to wait for the pointer',
             lambda: find_on_screen(window, 'label', 'Pixel read-out: point at the image'), proc)
    x, y = centre(view)
    rawinput.absoluteMotion(x, y)
    first = wait_for('the pixel under the pointer', lambda: pixel_read_out(window), proc)
    check(abs(first[0] - 32) <= 2 and abs(first[1] - 32) <= 2,
          f'the middle of the view is the middle of the 64 × 64 image: {first}')
    rawinput.absoluteMotion(x + 60, y + 30)
    moved = wait_for('the read-out to follow the pointer',
                     lambda: (lambda p: p is not None and p != first and p)(pixel_read_out(window)),
                     proc)
    check(moved[0] > first[0] and moved[1] > first[1],
          f'moving right and down reads a pixel right and below: {first} → {moved}')
    rawinput.absoluteMotion(5, 5)
    wait_for('the read-out to go when the pointer leaves',
             lambda: find_on_screen(window, 'label', 'Pixel read-out: point at the image'), proc)
    log('ok: the pixel read-out follows the pointer and goes when it leaves')


class Status:
    """The Train page's status line: one label whose text changes, found once."""

    def __init__(self, window, proc):
        self.node = wait_for('the training status line',
                             lambda: label_starting(window, 'Ready to train'), proc)

    def __call__(self):
        return self.node.name


def train_page(window, app, latency_log, export_dir, proc):
    click(tab(window, 'Train'))
    wait_for('page Train to be selected', lambda: selected_page(window) == 'Train', proc)
    status = Status(window, proc)
    start_button = on_screen_named(window, 'push button', 'Start Training', proc)
    wait_for('Start Training to be sensitive',
             lambda: has_state(start_button, Atspi.StateType.SENSITIVE), proc)
    check(not has_state(on_screen_named(window, 'push button', 'Pause Training', proc),
                        Atspi.StateType.SENSITIVE), 'Pause is insensitive before training')

    # The loss and its parameters: every loss of the catalogue, grouped by family; a row for
    # each parameter the chosen loss reads, and only those.
    panel = page_panel(window, 'Train', proc)
    check(chooser_value(panel, 'Loss', proc).name == 'Dice-BCE', 'Dice-BCE is the first loss')
    check(find_on_screen(panel, 'spin button', 'α') is None, 'Dice-BCE has no α row')
    rows, headings = open_losses(app, panel, 'Loss', proc)
    check(headings == ['Distribution-based', 'Region-based', 'Boundary-based', 'Compound'],
          f'the losses are grouped by family: {headings}')
    check(len(rows) >= 15 and {'Generalized Dice', 'Lovász hinge', 'clDice', 'Combo'} <= set(rows),
          f'the chooser lists every loss ({len(rows)}: {", ".join(rows)})')
    rawinput.pressKey('Escape')
    choose_loss(app, panel, 'Loss', 'Unified Focal', proc)
    for symbol in ('γ', 'λ', 'δ'):
        on_screen_named(panel, 'spin button', symbol, proc)
    check(find_on_screen(panel, 'spin button', 'α') is None,
          'Unified Focal shows γ, λ, δ, not α')
    choose_loss(app, panel, 'Loss', 'Generalized Dice', proc)
    wait_for('the parameter rows to go', lambda: not any(
        find_on_screen(panel, 'spin button', symbol) for symbol in ('α', 'β', 'γ', 'λ', 'δ')),
        proc)
    check(find_on_screen(panel, 'label', 'Generalized Dice') is not None,
          'Generalized Dice reads no parameter: no row, and the formula card names it')
    choose_loss(app, panel, 'Loss', 'Focal-Tversky', proc)
    alpha = on_screen_named(panel, 'spin button', 'α', proc)
    beta = on_screen_named(panel, 'spin button', 'β', proc)
    gamma = on_screen_named(panel, 'spin button', 'γ', proc)
    log('ok: Focal-Tversky shows α, β and γ')
    warning = wait_for('the collapse warning',
                       lambda: label_starting(window, 'With these settings Focal-Tversky is'),
                       proc)
    log(f'ok: the formula card warns: {warning.name!r}')
    check(set_value(alpha, 0.3), 'α takes 0.3')
    check(set_value(beta, 0.7), 'β takes 0.7')
    check(set_value(gamma, 1.33), 'γ takes 1.33')
    formula = wait_for('the formula with α 0.3 and β 0.7',
                       lambda: next((n for n in window.findChildren(
                           lambda n: n.roleName == 'label' and '0.3·FP' in n.name
                           and '0.7·FN' in n.name) if on_screen(n)), None), proc)
    log(f'ok: the formula card shows {formula.name!r}')
    wait_for('the collapse warning to go',
             lambda: label_starting(window, 'With these settings') is None, proc)
    log('ok: no warning once α ≠ β and γ ≠ 1')

    # A second term: TopK BCE, its weight growing as Kervadec's.
    switch = on_screen_named(panel, 'check box', 'Second Term', proc)
    check(not is_on(switch), 'the second term is off at first')
    press(switch)
    choose_loss(app, panel, 'Second Term Loss', 'TopK BCE', proc)
    on_screen_named(panel, 'spin button', 'Second Term k (%)', proc)
    choose_in_combo(panel, 'Second Term Weight Schedule', 2, 'Kervadec', proc)
    on_screen_named(panel, 'spin button', 'Second Term Step', proc)
    cap = on_screen_named(panel, 'spin button', 'Second Term Cap', proc)
    check(find_on_screen(panel, 'spin button', 'Second Term Final Weight') is None,
          'Kervadec has a step and a cap, no final weight')
    compound = wait_for('the compound formula', lambda: next((n for n in window.findChildren(
        lambda n: n.roleName == 'label' and 'plus w·[mean of the 10 % largest BCE' in n.name
        and n.name.endswith('w = 0.01 + 0.01·epoch')) if on_screen(n)), None), proc)
    log(f'ok: the formula card shows the compound: {compound.name!r}')
    check(find_on_screen(panel, 'label', 'Focal-Tversky + w·TopK BCE') is not None,
          'the formula card names both terms')
    check(cap.value == 0, "Kervadec's weight has no cap at first (0)")
    fold_formula(window, compound.name, proc)

    # Tiny preset, 2 epochs.
    tiny = on_screen_named(window, 'push button', 'Model Preset Tiny', proc)
    if not is_on(tiny):
        press(tiny)
    check(is_on(tiny), 'the tiny model is chosen')
    check(set_value(on_screen_named(window, 'spin button', 'Epochs', proc), 2), 'epochs take 2')
    # bf16 where the CPU has it: the run below trains its wide layers so; elsewhere the switch
    # is off and insensitive, and its row says why.
    bf16 = wait_for('the bf16 switch', lambda: next(
        iter(find_all(panel, 'check box', 'bf16 Mixed Precision')), None), proc)
    check(not is_on(bf16), 'bf16 is off at first')
    if has_state(bf16, Atspi.StateType.SENSITIVE):
        bring_into_view(bf16, proc)
        press(bf16)
        wait_for('bf16 to be on', lambda: is_on(bf16), proc)
        log('ok: this run trains in bf16 mixed precision')
    else:
        check(label_starting(panel, 'Needs a processor with AVX-512 BF16') is not None
              or any(n.name.startswith('Needs a processor with AVX-512 BF16')
                     for n in panel.findChildren(lambda n: n.roleName == 'label')),
              'without AVX-512 BF16 the row says why bf16 is off')
        log('ok: no AVX-512 BF16 here: the bf16 switch is off and says why')

    augment = augment_on(panel, proc)

    loss_plot = on_screen_named(window, 'image', 'Loss', proc)
    iou_plot = on_screen_named(window, 'image', 'IoU', proc)
    hd95_plot = on_screen_named(window, 'image', 'HD95, px (lower is better)', proc)
    preview = on_screen_named(window, 'image', 'Validation Prediction 1', proc)
    check(points(loss_plot, 'train') == 0, 'the loss chart is empty before training')
    check(description(preview) == '', 'no prediction is shown before training')

    press(start_button)
    # What the run trains, as the trainer has it: both terms and the schedule.
    trained = wait_for('the run to name its loss', lambda: next(
        (n for n in find_all(window, 'label', 'Focal-Tversky + w·TopK BCE')
         if on_screen(n) and description(n)), None), proc, timeout=TIMEOUT * 3)
    check('w = 0.01 + 0.01·epoch' in description(trained),
          f'the run trains the compound loss: {description(trained)!r}')
    wait_for('the first epoch on the loss chart', lambda: points(loss_plot, 'train') >= 1, proc,
             timeout=TIMEOUT * 3)
    first = description(preview)
    check('after epoch' in first, f'the overlays show a prediction: {first!r}')
    wait_for('training to finish', lambda: status().startswith('Finished'), proc,
             timeout=TIMEOUT * 3)
    # The status line says so at once, the charts' descriptions follow within a quarter of a
    # second: when the last epoch and the end come together, wait for them to settle.
    wait_for('the charts to settle after the run',
             Settled(lambda: (description(loss_plot), description(iou_plot))), proc)
    check(points(loss_plot, 'train') == 2 and points(loss_plot, 'validation') == 2,
          f'the loss chart has 2 epochs of train and validation ({description(loss_plot)})')
    check(points(loss_plot, 'train (batch)') >= 2,
          f'the loss chart has every batch ({description(loss_plot)})')
    check(points(iou_plot, 'validation') == 2, f'the IoU chart has 2 epochs ({description(iou_plot)})')
    check(points(hd95_plot, 'validation') == 2,
          f'the HD95 chart has 2 epochs of validation ({description(hd95_plot)})')
    check('after epoch 2' in description(preview),
          f'the overlays show the last epoch: {description(preview)!r}')
    check(status().startswith('Finished — Epoch 2 of 2'), f'status: {status()!r}')
    # Every run is kept: evaluated on the test images, and in History.
    wait_for('the test result on the status line', lambda: ' — test IoU ' in status(), proc,
             timeout=TIMEOUT * 3)
    check('(lowest val loss)' in status(), f'the status says which epoch was kept: {status()!r}')

    # The values under the pointer: the read-out a person sees when hovering a chart.
    x, y = centre(loss_plot)
    rawinput.absoluteMotion(x, y)
    hover = wait_for('the read-out under the pointer',
                     lambda: 'under the pointer: epoch' in description(loss_plot)
                     and description(loss_plot), proc)
    check('validation' in hover.split('under the pointer:')[1],
          f'hovering the loss chart reads out its values: {hover.split("; ")[-1]!r}')
    rawinput.absoluteMotion(5, 5)
    wait_for('the read-out to go when the pointer leaves',
             lambda: 'under the pointer' not in description(loss_plot), proc)

    augment_recorded(export_dir, proc)
    bring_into_view(augment, proc, edge=True)
    press(augment)
    wait_for('augmentation to be off again', lambda: not is_on(augment), proc)

    # The second term off again: the formula is Focal-Tversky's alone. (The form may have been
    # scrolled down to the bf16 switch.)
    bring_into_view(switch, proc)
    press(switch)
    wait_for('the formula without its second term', lambda: not any(
        'plus w·[' in n.name for n in window.findChildren(lambda n: n.roleName == 'label')
        if on_screen(n)), proc)
    log('ok: switched off, the second term leaves the formula')

    # A longer run to pause, resume and stop.
    check(set_value(on_screen_named(window, 'spin button', 'Epochs', proc), 200), 'epochs take 200')
    wait_for('Start Training to be sensitive again',
             lambda: has_state(start_button, Atspi.StateType.SENSITIVE), proc)
    press(start_button)
    wait_for('the second run to train', lambda: status().startswith('Epoch')
             and points(loss_plot, 'train') >= 1, proc, timeout=TIMEOUT * 3)
    early = description(preview)
    early_epochs = points(loss_plot, 'train')
    wait_for('two more epochs', lambda: points(loss_plot, 'train') >= early_epochs + 2, proc,
             timeout=TIMEOUT * 3)
    later = description(preview)
    check(later != early, f'the overlays change with the epochs ({early!r} → {later!r})')
    check(not has_state(start_button, Atspi.StateType.SENSITIVE), 'Start is insensitive while training')
    check(not has_state(alpha, Atspi.StateType.SENSITIVE), 'α is locked while training')
    press(on_screen_named(window, 'push button', 'Pause Training', proc))
    wait_for('the run to pause', lambda: status().startswith('Paused'), proc)
    screenshot(window, 'train')
    # The chart's description follows its data within a quarter of a second: wait until it has
    # settled, then make sure no batch comes while paused.
    paused_at = wait_for('the loss chart to settle after the pause',
                         Settled(lambda: points(loss_plot, 'train (batch)')), proc)
    time.sleep(1.0)
    check(points(loss_plot, 'train (batch)') == paused_at, 'no batch runs while paused')
    choose_preview_image(window, app, proc)
    push = push_window_explorer(window, app, export_dir, proc)
    press(on_screen_named(window, 'push button', 'Resume Training', proc))
    wait_for('the run to go on', lambda: points(loss_plot, 'train (batch)') > paused_at, proc)
    log('ok: resumed training goes on')
    push_window_live(push, proc)
    window_gone(app, 'Where Each Loss Pushes', proc)
    press(on_screen_named(window, 'push button', 'Stop Training', proc))
    wait_for('the run to stop', lambda: status().startswith('Stopped'), proc)
    wait_for('the toast saying the stopped run is kept',
             lambda: toast_with(panel, 'Training stopped; the run is kept in History, where it '
                                'can be resumed.', ('Open in Compare',
                                                    '_Open in Compare Open in Compare')), proc)
    wait_for('Start Training to be sensitive after stopping',
             lambda: has_state(start_button, Atspi.StateType.SENSITIVE), proc)
    log('ok: Stop ends the run and Start is available again')

    runs = latency_runs(latency_log, 'train')
    check(len(runs) == 2, f'both runs measured the main loop ({runs})')
    worst = max(float(r['worst_lateness_ms']) for r in runs)
    # Beside the lateness, its two causes: the main loop's own longest dispatch (its work) and
    # the longest it waited for a core after its timeout (the machine's load).
    check(worst < BLOCKED_MS, f'the main loop was never blocked while training '
          f'(worst lateness {worst:.1f} ms; p99 {max(float(r["p99_ms"]) for r in runs):.1f} ms; '
          f'longest dispatch {max(float(r.get("busy_max_ms", "nan")) for r in runs):.1f} ms, '
          f'longest wait for a core '
          f'{max(float(r.get("woken_late_max_ms", "nan")) for r in runs):.1f} ms)')


def fold_formula(window, formula, proc):
    """The formula card folds under its title, leaving a short window room for the settings,
    and unfolds again; the title stays."""
    fold = on_screen_named(window, 'push button', 'Formula and Conventions', proc)
    check(is_on(fold) and find_on_screen(window, 'label', formula) is not None,
          'the formula shows at first')
    click(fold)
    wait_for('the formula to fold away', lambda: find_on_screen(window, 'label', formula) is None,
             proc)
    check(find_on_screen(window, 'label', 'Focal-Tversky + w·TopK BCE') is not None,
          'the folded card still names the loss')
    click(fold)
    wait_for('the formula to show again', lambda: find_on_screen(window, 'label', formula), proc)
    log('ok: the formula card folds away and back')


def choose_preview_image(window, app, proc):
    """The live predictions' image chooser lists every validation image, those on show ticked.
    The demo set's two validation images are both on show, and unticking one is refused: as
    many stay on show as there are slots. (Which slot a new choice takes is test-preview-slots;
    the trainer predicting a choice while paused is the engine's /trainer/choose-previews.)"""
    outer = wait_for('the image chooser', lambda: next(
        (n for n in window.findChildren(lambda n: n.name == 'Choose Validation Images')
         if on_screen(n)), None), proc)
    button = next((c for c in [outer] + outer.findChildren(lambda n: 'click' in n.actions)
                   if 'click' in c.actions and on_screen(c)), None)
    click(button)
    listing = wait_for('the list of validation images', lambda: next(
        (n for n in app.findChildren(lambda n: n.roleName == 'list' and n.name == 'Validation Images')
         if on_screen(n)), None), proc)
    boxes = listing.findChildren(lambda n: n.roleName == 'check box')
    names = [b.name for b in boxes]
    check(names == ['phantom_0001', 'phantom_0008'], f'the validation images are listed ({names})')
    check(all(is_on(b) for b in boxes), 'both are on show, ticked')
    press(boxes[0])
    time.sleep(0.5)
    check(is_on(boxes[0]), 'unticking an image on show is refused while no other replaces it')
    rawinput.pressKey('Escape')
    log('ok: the image chooser lists the validation images, those on show ticked')


def augment_switch(panel):
    return next(iter(find_all(panel, 'check box', 'Augment Training Images')), None)


def augment_on(panel, proc):
    """The Train form's augmentation: off at first; on, its ranges and a preview of the first
    training image drawn through them."""
    switch = wait_for('the augmentation switch', lambda: augment_switch(panel), proc)
    bring_into_view(switch, proc, edge=True)
    check(not is_on(switch), 'augmentation is off at first, as the poster trained')
    press(switch)
    wait_for('augmentation to be on', lambda: is_on(switch), proc)
    rotation = wait_for('the rotation range', lambda: next(
        iter(find_all(panel, 'spin button', 'Rotation')), None), proc)
    check(rotation.value == 5, f'the rotation range is ±5° at first ({rotation.value})')
    check(set_value(rotation, 10), 'the rotation range takes 10')
    previews = wait_for('the augmented previews', lambda: next(
        iter(panel.findChildren(lambda n: n.name == 'Augmented Training Image Previews')),
        None), proc)
    bring_into_view(previews, proc, edge=True)
    pictures = [c for c in previews.children if extents(c) is not None and extents(c).width > 0]
    check(len(pictures) == 4, f'the preview draws the first training image four times '
                              f'({len(pictures)} pictures)')
    log('ok: augmentation is on, ±10° rotation, four previews of what it does')
    return switch


def augment_recorded(export_dir, proc):
    """The run trained with it: its config.json holds the ranges."""
    store = os.path.join(os.path.dirname(export_dir), 'data', 'lossbench', 'experiments')
    configs = sorted(glob.glob(os.path.join(store, '*', 'config.json')), key=os.path.getmtime)
    check(configs, f'the run is in the store ({store})')
    with open(configs[-1], encoding='utf-8') as f:
        text = f.read()
    check('"augment" : {' in text and '"rotation" : 10' in text,
          f'the run trained on augmented batches, as config.json says ({configs[-1]})')
    log('ok: the Train run recorded its augmentation in config.json')


def push_maps(push, proc, what, condition=lambda text: True):
    """The maps' accessible description once CONDITION holds for it."""
    area = on_screen_named(push, 'image', 'Where Each Loss Pushes', proc)
    return wait_for(what, lambda: condition(description(area)) and description(area), proc)


def push_window_explorer(window, app, export_dir, proc):
    """Paused mid-run: where each loss pushes on the previews, the run's own loss first; the
    explorer's edits change every loss's value; a loss left out goes; the maps export."""
    press(on_screen_named(window, 'push button', 'Where Each Loss Pushes', proc))
    push = top_window(app, 'frame', 'Where Each Loss Pushes', proc)
    maps = push_maps(push, proc, 'the maps of the previews',
                     lambda text: text.startswith('Prediction: IoU '))
    check('; This run: Focal-Tversky: loss ' in maps and '; Boundary: loss ' in maps
          and '; Tversky: loss ' in maps,
          f'the run’s own loss comes first, then the losses shown by default: {maps!r}')
    check(', as predicted;' in maps, 'the prediction is shown as the network made it')
    check(re.search(r'Focal: loss [0-9.e-]+, [0-9]+ % toward lung', maps),
          f'each map says how much of its push is toward lung: {maps!r}')
    image = on_screen_named(push, 'combo box', 'Image', proc)
    check(any(c.name.startswith('phantom_') for c in image.findChildren(
        lambda n: n.roleName == 'label')), 'the maps are of a validation image on show')
    strength = find_all(push, 'spin button', 'Strength')[0]
    check(not has_state(strength, Atspi.StateType.SENSITIVE),
          'the strength waits for an edit')

    def values(text):
        return dict(re.findall(r'; ([^:;]+): loss ([0-9.e+-]+)', text))

    before = values(maps)
    # The explorer: the prediction made over-confident by 5 (logits × 3.5), then eroded by 3 px.
    choose_in_combo(push, 'Edit', 5, 'Over-Confident', proc)
    push_maps(push, proc, 'the over-confident prediction',
              lambda text: ', logits ×2.5;' in text)
    check(set_value(strength, 5), 'the strength takes 5')
    push_maps(push, proc, 'the more over-confident prediction',
              lambda text: ', logits ×3.5;' in text)
    choose_in_combo(push, 'Edit', 1, 'Eroded', proc)
    check(set_value(strength, 3), 'the strength takes 3')
    eroded = push_maps(push, proc, 'the maps of the eroded prediction',
                       lambda text: ', eroded by 3 px;' in text)
    check(all(values(eroded)[name] != before[name] for name in ('Dice-BCE', 'Jaccard', 'Tversky')),
          f'eroding the prediction changes the region losses ({before} → {values(eroded)})')
    log('ok: the explorer makes the prediction over-confident and erodes it, every loss follows')
    screenshot(push, 'push')

    # Boundary left out: its map goes, and the choice is kept (GSettings push-losses).
    boundary = find_all(push, 'check box', 'Boundary')[0]
    bring_into_view(boundary, proc, edge=True)
    press(boundary)
    push_maps(push, proc, 'the maps without Boundary', lambda text: '; Boundary:' not in text)
    log('ok: a loss left out of the losses shown leaves the maps')

    press(on_screen_named(push, 'push button', 'Export Maps', proc))
    item = wait_for('Export as SVG… in the maps’ menu', lambda: next(
        (m for m in app.findChildren(lambda n: n.roleName == 'menu item'
                                     and n.name.replace('_', '') == 'Export as SVG…')
         if on_screen(m)), None), proc)
    choose_in_menu(item)
    path = accept_save_chooser(app, 'Export Maps', 'Export',
                               os.path.join(export_dir, 'where-each-loss-pushes-on-*.svg'), proc)
    svg = ElementTree.parse(path).getroot()
    images = [e for e in svg.iter() if e.tag.endswith('}image') or e.tag == 'image']
    check(len(images) >= 6, f'the maps export as SVG, a bitmap per panel ({len(images)}): {path}')
    return push


def push_window_live(push, proc):
    """Resumed: the maps follow the run's epochs while the window is open."""
    first = push_maps(push, proc, 'the maps', lambda text: True)
    title = next(n for n in push.findChildren(
        lambda n: n.roleName == 'label' and n.name.startswith('Training Focal-Tversky: after epoch')))
    shown = title.name
    wait_for('the maps to follow the next epoch', lambda: title.name != shown, proc,
             timeout=TIMEOUT * 3)
    check(push_maps(push, proc, 'the maps', lambda text: True) is not None,
          f'the window follows the run: {shown!r} → {title.name!r}')
    log(f'ok: the maps are live: {shown!r} → {title.name!r} ({first[:40]}…)')
    rawinput.pressKey('Escape')


def chart_menu_item(app, plot, name, proc):
    """Right-click the chart and find NAME (without its mnemonic's underscore) in its menu. A
    click that lands while the previous menu is still closing opens none: then again."""
    x, y = centre(plot)

    def item():
        return next((m for m in app.findChildren(
            lambda n: n.roleName in ('menu item', 'check menu item', 'radio menu item')
            and n.name.replace('_', '') == name) if on_screen(m)), None)
    for attempt in range(4):
        rawinput.click(x, y, button=3)
        try:
            return wait_for(f'chart menu item {name!r}', item, proc, timeout=TIMEOUT / 4)
        except Failure:
            log(f'no chart menu after right-click {attempt + 1}; again')
            rawinput.pressKey('Escape')
    raise Failure(f'the chart menu with {name!r} did not open on four right-clicks')


def choose_in_menu(item):
    if 'click' in item.actions:
        click(item)
    else:
        press(item)


def accept_save_chooser(app, chooser_title, button, path, proc):
    """Takes the name the save chooser CHOOSER_TITLE suggests, with its BUTTON, and waits for
    PATH (a glob pattern when the name depends on the page's state) to be written; returns the
    file written."""
    wait_for(f'the {chooser_title} chooser', lambda: next(
        (w for w in app.children if w.name == chooser_title and on_screen(w)), None), proc)
    accept = wait_for(f'the chooser’s {button} button', lambda: next(
        (b for b in app.findChildren(lambda n: n.roleName == 'push button'
                                     and n.name in (button, f'_{button} {button}'))
         if on_screen(b)), None), proc)
    press(accept)
    return wait_for(path, lambda: next(
        (p for p in sorted(glob.glob(path)) if os.path.getsize(p) > 0), None), proc)


def export_chart(app, plot, item, chooser_title, path, proc):
    """Export through the chart's menu and the save chooser, which suggests the file's name."""
    choose_in_menu(chart_menu_item(app, plot, item, proc))
    accept_save_chooser(app, chooser_title, 'Export', path, proc)


def chart_tools(window, app, export_dir, proc):
    """The loss chart's menu: log scale, smoothing, a series hidden, PNG and CSV export."""
    loss_plot = on_screen_named(window, 'image', 'Loss', proc)
    choose_in_menu(chart_menu_item(app, loss_plot, 'Log Scale', proc))
    wait_for('the chart on a log scale', lambda: 'log scale' in description(loss_plot), proc)
    log('ok: the chart menu switches to a log scale')

    chart_menu_item(app, loss_plot, 'Log Scale', proc)
    slider = wait_for('the smoothing slider', lambda: next((s for s in app.findChildren(
        lambda n: n.roleName == 'slider' and n.name == 'Smoothing') if on_screen(s)), None), proc)
    check(set_value(slider, 0.6), 'smoothing takes 0.6')
    wait_for('the chart smoothed', lambda: 'smoothed 0.60' in description(loss_plot), proc)
    screenshot(window, 'chart-menu')
    rawinput.pressKey('Escape')

    choose_in_menu(chart_menu_item(app, loss_plot, 'validation', proc))
    wait_for('the validation series hidden',
             lambda: 'validation hidden' in description(loss_plot), proc)
    log('ok: a series can be hidden from the chart menu')
    choose_in_menu(chart_menu_item(app, loss_plot, 'Show All', proc))
    wait_for('every series shown', lambda: 'hidden' not in description(loss_plot), proc)

    png = os.path.join(export_dir, 'loss.png')
    export_chart(app, loss_plot, 'Export as PNG…', 'Export Chart', png, proc)
    with open(png, 'rb') as f:
        check(f.read(8) == b'\x89PNG\r\n\x1a\n', f'the chart exports as a PNG ({png})')
    shutil.copy(png, os.path.join(SHOTS, 'chart-export.png'))
    data = os.path.join(export_dir, 'loss.csv')
    export_chart(app, loss_plot, 'Export Data as CSV…', 'Export Chart Data', data, proc)
    with open(data, newline='', encoding='utf-8') as f:
        rows = list(csv.DictReader(f))
    series = {r['series'] for r in rows}
    check({'train', 'validation', 'train (batch)'} <= series,
          f'the chart data has every series ({sorted(series)})')
    check(all(r['smoothed'] != '' for r in rows if r['series'] == 'train (batch)'),
          'the chart data holds the smoothed values beside the raw ones')
    check(len([r for r in rows if r['series'] == 'train']) == points(loss_plot, 'train'),
          'the chart data has one row per point')


def page_panel(window, name, proc):
    """Each page is a panel named after it: searching inside it keeps the Train page's
    Dice-BCE apart from the Compare page's."""
    return wait_for(f'the {name} page', lambda: find_on_screen(window, 'filler', f'{name} Page'),
                    proc)


def family_header(panel, family):
    """A family's expander row holds its header row of the same name: the smaller of the two,
    the one a person clicks (the outer one grows over the losses when it opens)."""
    rows = [n for n in find_all(panel, 'list item', family) if on_screen(n)]
    return min(rows, key=lambda n: extents(n).height) if rows else None


def tick_compare_loss(panel, family, loss, chosen, proc):
    """Tick or untick LOSS in the Compare form, opening its family's row first if it is shut
    (a shut row's losses have no size)."""
    if find_on_screen(panel, 'check box', loss) is None:
        press(wait_for(f'the {family} row', lambda: family_header(panel, family), proc))
    box = on_screen_named(panel, 'check box', loss, proc, f'{loss} under {family}')
    if has_state(box, Atspi.StateType.CHECKED) != chosen:
        bring_into_view(box, proc)
        press(box)
    wait_for(f'{loss} to be {"chosen" if chosen else "left out"}',
             lambda: has_state(box, Atspi.StateType.CHECKED) == chosen, proc)


def duplicates_warning(panel):
    label = label_starting(panel, 'With these settings ')
    return label.name if label is not None else None


def results_table(panel):
    """The results table as text: its column titles and its rows, best first (row[0] is the
    rank); the column view shows its header row first."""
    table = find_on_screen(panel, 'tree table', 'Results Table')
    if table is None:
        return None, []

    def texts(row):
        return [n.name for n in row.findChildren(lambda n: n.roleName == 'label')]

    header = next((c for c in table.children if c.roleName == 'table row'), None)
    body = next((c for c in table.children if c.roleName == 'list'), None)
    rows = [texts(r) for r in body.children if r.roleName == 'table row'] if body else []
    return (texts(header) if header else None), rows


def figure(cell):
    """The mean of a cell: "0.912 ± 0.004" → 0.912."""
    return float(cell.split(' ')[0])


def ranked_by(panel, label, proc):
    """The table's caption once it says it ranks by LABEL."""
    return wait_for(f'the table ranked by {label}',
                    lambda: label_starting(panel, f'Ranked by {label}, '), proc)


def judge_by(panel, label, proc):
    """Choose LABEL in the Judge by drop-down with the keyboard, as its popover's items have no
    place on the window's coordinates: open it, step from the metric shown to LABEL, Enter."""
    shown = next(n.name[len('Ranked by '):].split(', ')[0] for n in panel.findChildren(
        lambda n: n.roleName == 'label' and n.name.startswith('Ranked by ')))
    combo = on_screen_named(panel, 'combo box', 'Judge by', proc)
    # X sends the keys to the window under the pointer.
    rawinput.absoluteMotion(*centre(combo))
    press(next(c for c in combo.children if c.roleName == 'push button'))
    app = application(None)
    item = wait_for(f'{label} in the drop-down', lambda: next(
        (n for n in app.findChildren(lambda n: n.roleName == 'label' and n.name == label)
         if n.parent is not None and n.parent.parent is not None
         and n.parent.parent.roleName == 'list item' and on_screen(n)), None), proc)
    items = item.parent.parent.parent.children
    names = [next((n.name for n in i.findChildren(lambda n: n.roleName == 'label')), '')
             for i in items]
    steps = names.index(label) - names.index(shown)
    for _ in range(abs(steps)):
        rawinput.pressKey('Down' if steps > 0 else 'Up')
    rawinput.pressKey('Return')
    return ranked_by(panel, label, proc)


def check_ranking(panel, label, lower_is_better, proc):
    """The table's rows are best first on LABEL, in its direction, and its judged column (after
    the rank and the loss) is LABEL's."""
    header, rows = wait_for(f'the table by {label}', lambda: (lambda t: t[0] and len(t[1]) == 2
                                                              and t[0][2] == label and t)(
        results_table(panel)), proc)
    values = [figure(r[2]) for r in rows]
    in_order = values[0] <= values[1] if lower_is_better else values[0] >= values[1]
    check([r[0] for r in rows] == ['1', '2'] and in_order,
          f'ranked by {label}, {"lower" if lower_is_better else "higher"} first: '
          + ', '.join(f'{r[1]} {r[2]}' for r in rows))
    return rows


def loss_settings(app, panel, loss, values, proc):
    """Opens LOSS's own settings on the Compare form and sets VALUES ({'α': 0.3}) through each
    spin button's Value interface; returns the popover's buttons by name."""
    press(on_screen_named(panel, 'push button', f'{loss} Settings', proc))
    for symbol, value in values.items():
        spin = wait_for(f'{loss} {symbol} in the popover', lambda: next(
            (n for n in app.findChildren(lambda n: n.roleName == 'spin button'
                                         and n.name == f'{loss} {symbol}') if on_screen(n)),
            None), proc)
        check(set_value(spin, value), f'{loss} {symbol} takes {value}')
    # A button with a mnemonic may be named with its underlined text first ("_Use Defaults").
    names = ('Copy From Train Page', 'Use Defaults')
    buttons = [b for b in app.findChildren(lambda n: n.roleName == 'push button')
               if on_screen(b)]
    return {name: b for b in buttons for name in names if b.name.replace('_', '').endswith(name)}


def own_settings_of_tversky(window, app, settings_file, proc):
    """Tversky given its own α and β (the literature's) stops being Dice: the warning lets it
    go, its row says its settings, the settings keep them exactly; Use Defaults undoes it."""
    if find_on_screen(window, 'check box', 'Tversky') is None:
        press(family_header(window, 'Region-based'))
    buttons = loss_settings(app, window, 'Tversky', {'α': 0.3, 'β': 0.7}, proc)
    wait_for('the warning to let Tversky go', lambda: duplicates_warning(window) is None, proc)
    log('ok: with its own α 0.3 and β 0.7 Tversky is no longer Dice: no warning')
    wait_for('Tversky’s row to show its own settings', lambda: label_starting(
        window, 'Own settings: α 0.3 · β 0.7') is not None, proc)
    log('ok: Tversky’s row says “Own settings: α 0.3 · β 0.7”')
    def own():
        return saved_settings(settings_file).get_value('compare-loss-settings').unpack()
    trained = {'tversky': {'alpha': float(ctypes.c_float(0.3).value),
                           'beta': float(ctypes.c_float(0.7).value)}}
    wait_for('the settings to keep Tversky’s own values', lambda: own() == trained, proc)
    log(f'ok: the settings keep Tversky’s own values as the floats it trains with ({own()})')
    check(set(buttons) == {'Copy From Train Page', 'Use Defaults'},
          f'the popover offers the Train page’s values and the defaults ({sorted(buttons)})')
    saved = saved_settings(settings_file)
    train = {key: float(ctypes.c_float(saved.get_double(key)).value) for key in ('alpha', 'beta')}
    press(buttons['Copy From Train Page'])
    wait_for('Tversky to take the Train page’s α and β', lambda: own() == {'tversky': train}, proc)
    log(f'ok: Copy From Train Page gives Tversky the Train page’s α and β ({train})')
    press(buttons['Use Defaults'])
    wait_for('the warning to come back', lambda: (duplicates_warning(window) or '').startswith(
        'With these settings Tversky and Focal-Tversky are both Dice'), proc)
    wait_for('Use Defaults to drop Tversky’s own settings', lambda: own() == {}, proc)
    log('ok: Use Defaults drops Tversky’s own settings')
    rawinput.pressKey('Escape')
    wait_for('the popover to close', lambda: not any(
        on_screen(n) for n in app.findChildren(lambda n: n.roleName == 'spin button'
                                               and n.name == 'Tversky α')), proc)


def gallery_export(window, app, export_dir, proc):
    """The images where the losses disagree, exported as a figure through the gallery's menu:
    an SVG that parses, with a bitmap for each loss's prediction of each image shown."""
    # The per-image table's gallery has one too, without a size until a row is chosen.
    button = wait_for('the gallery’s export button', lambda: next(
        (b for b in find_all(window, 'push button', 'Export Gallery')
         if (lambda r: r is not None and r.width > 0)(extents(b))), None), proc)
    bring_into_view(button, proc, edge=True)
    # Each tile is named "IMAGE, LOSS, IoU 0.912".
    tiles = window.findChildren(lambda n: re.search(r', IoU [0-9.]+$', n.name or '') is not None)
    # And beside each row its consensus map: how many losses call each pixel lung.
    consensus = window.findChildren(
        lambda n: re.search(r', consensus of 2 losses: split on [0-9.]+ % of the pixels$',
                            n.name or '') is not None)
    check(len(consensus) * 2 == len(tiles) > 0,
          f'each row of the gallery has its consensus map ({len(consensus)}: '
          f'{consensus[0].name if consensus else None!r})')
    def export(kind):
        press(button)
        item = wait_for(f'Export as {kind}… in the gallery’s menu', lambda: next(
            (m for m in app.findChildren(lambda n: n.roleName == 'menu item'
                                         and n.name.replace('_', '') == f'Export as {kind}…')
             if on_screen(m)), None), proc)
        choose_in_menu(item)
        path = os.path.join(export_dir, f'where-the-losses-disagree-most.{kind.lower()}')
        accept_save_chooser(app, 'Export Gallery', 'Export', path, proc)
        return path

    root = ElementTree.parse(export('SVG')).getroot()
    images = root.findall('.//{http://www.w3.org/2000/svg}image')
    check(len(images) == len(tiles) + len(consensus) > 0,
          f'the gallery exports as an SVG with its {len(tiles)} predictions and {len(consensus)} '
          f'consensus maps ({len(images)} images)')
    png = export('PNG')
    shutil.copy(png, os.path.join(SHOTS, 'gallery-export.png'))


def push_window_of_run(window, app, proc):
    """From the gallery: a finished run's best weights predict the images it shows, and the
    maps say where each loss pushes on them, the run's own loss first."""
    export = next(b for b in find_all(window, 'push button', 'Export Gallery')
                  if (lambda r: r is not None and r.width > 0)(extents(b)))
    button = next(iter(export.parent.findChildren(
        lambda n: n.roleName == 'push button' and n.name == 'Where Each Loss Pushes')), None)
    check(button is not None, 'the gallery offers where each loss pushes on its images')
    bring_into_view(button, proc, edge=True)
    press(button)
    push = top_window(app, 'frame', 'Where Each Loss Pushes', proc)
    run = on_screen_named(push, 'combo box', 'Run', proc)
    chosen = wait_for('a run chosen', lambda: next(
        (c.name for c in run.findChildren(lambda n: n.roleName == 'label')
         if ', seed ' in c.name), None), proc)
    maps = push_maps(push, proc, 'the maps of the run’s prediction',
                     lambda text: text.startswith('Prediction: IoU '))
    own = chosen.split(', seed ')[0]
    check(f'; This run: {own}: loss ' in maps,
          f'the maps start with the run’s own loss ({chosen}): {maps[:120]!r}')
    subtitle = label_starting(push, f'{chosen}: its best weights (epoch ')
    check(subtitle is not None, f'the window says whose weights predict: {chosen!r}')
    log(f'ok: {subtitle.name!r}: where each loss pushes on the gallery’s images')
    rawinput.pressKey('Escape')
    window_gone(app, 'Where Each Loss Pushes', proc)


def compare_page(window, app, settings_file, export_dir, external_folder, proc):
    """Two losses × one seed with the tiny model, one of them beyond the poster's five: the
    form groups the losses by family and says which chosen ones are one loss, lets a loss have
    its own settings, the queue runs,
    the table fills, judging by HD95 reorders it and rewords the verdicts, the CSV export
    writes what it says."""
    click(tab(window, 'Compare'))
    wait_page(window, 'Compare', 'No Comparison Yet', proc)
    outer = window
    window = page_panel(outer, 'Compare', proc)
    warning = wait_for('the poster preset’s warning', lambda: duplicates_warning(window), proc)
    check(warning.startswith('With these settings Tversky and Focal-Tversky are both Dice'),
          f'the form says the poster preset makes two of its five one loss: {warning!r}')
    own_settings_of_tversky(window, app, settings_file, proc)
    # Dice, beyond the poster's five, is in its family with the others.
    tick_compare_loss(window, 'Region-based', 'Dice', True, proc)
    wait_for('the warning to name Dice too',
             lambda: 'are Dice, which is compared too' in (duplicates_warning(window) or ''), proc)
    log('ok: with Dice chosen the warning says it is compared too')
    for loss in ('Jaccard', 'Tversky', 'Focal-Tversky'):
        tick_compare_loss(window, 'Region-based', loss, False, proc)
    tick_compare_loss(window, 'Distribution-based', 'Focal', False, proc)
    press(family_header(window, 'Distribution-based'))
    wait_for('the warning to go', lambda: duplicates_warning(window) is None, proc)
    log('ok: Dice-BCE and Dice are two losses: no warning')
    region = family_header(window, 'Region-based')
    check(find_on_screen(region, 'label', 'Dice') is not None,
          'the Region-based row lists its chosen loss, Dice')
    check(set_value(on_screen_named(window, 'spin button', 'Seeds', proc), 1), 'seeds take 1')
    check(is_on(on_screen_named(window, 'push button', 'Comparison Model Tiny', proc)),
          'the tiny model is chosen for the comparison')
    epochs = on_screen_named(window, 'spin button', 'Epochs', proc)
    check(epochs.value == 5, f"the tiny preset's 5 epochs are proposed (shows {epochs.value})")
    check(set_value(epochs, 3), 'epochs take 3')
    export = on_screen_named(window, 'push button', 'Export CSV…', proc)
    check(not has_state(export, Atspi.StateType.SENSITIVE), 'Export is insensitive before results')
    external = external_set_added(window, app, external_folder, EXTERNAL_PAIRS, proc)

    press(on_screen_named(window, 'push button', 'Run Comparison', proc))
    wait_for('the queue to list both runs',
             lambda: find_on_screen(window, 'label', 'Dice-BCE, seed 1')
             and find_on_screen(window, 'label', 'Dice, seed 1'), proc)
    log('ok: the queue lists Dice-BCE and Dice, seed 1')
    wait_for('the comparison to finish',
             lambda: label_starting(window, '20') is not None
             and 'finished' in label_starting(window, '20').name, proc, timeout=TIMEOUT * 6)
    for loss in ('Dice-BCE', 'Dice'):
        row = wait_for(f'the {loss} row of the table',
                       lambda: find_on_screen(window, 'label', f'{loss} ×1'), proc)
        check(row is not None, f'the results table has a row for {loss}')
    done = [n.name for n in window.findChildren(
        lambda n: n.roleName == 'label' and n.name.startswith('Done — test IoU'))]
    check(len(done) == 2, f'the queue shows both runs done ({done})')
    verdict = next((n.name for n in window.findChildren(
        lambda n: n.roleName == 'label' and 'Dice-BCE vs Dice:' in n.name)), '')
    check('cannot decide: 1 seed' in verdict or 'identical' in verdict,
          'with one seed the page claims no difference: '
          + next((line for line in verdict.split('\n') if 'vs' in line), verdict))
    warning = next(
        (n for n in window.findChildren(
            lambda n: n.roleName == 'label' and n.name.startswith('With 1 seed no difference'))
         if on_screen(n)), None)
    check(warning is not None, 'the one-seed warning says why nothing can be decided: '
          + (warning.name if warning else 'none'))
    forest = on_screen_named(window, 'image',
                             'Mean IoU difference per test image, with its 95 % interval', proc)
    check('Dice-BCE − Dice' in description(forest),
          f'the forest plot shows the pair: {description(forest)!r}')
    check(find_on_screen(window, 'label', '0.9078') is not None,
          "the poster's numbers stand beside ours")
    header, _ = results_table(window)
    # The external set's columns stand beside IoU (external_set_results).
    header = [h for h in header if not h.startswith(external + ' ')]
    check(header[:4] == ['#', 'Loss', 'IoU', 'Dice']
          and {'HD95 (px)', 'ASSD (px)', 'NSD (px)', 'Boundary IoU (px)', 'Missed'} <= set(header),
          f'the table has the overlap and boundary metrics and the missed images ({header})')
    ranked_by(window, 'IoU', proc)
    check_ranking(window, 'IoU', False, proc)
    screenshot(outer, 'compare')

    # Judged by HD95: lower first, the verdict and the plot in px, the plot's sides swapped.
    judge_by(window, 'HD95 (px)', proc)
    rows = check_ranking(window, 'HD95 (px)', True, proc)
    check(results_table(window)[0].count('HD95 (px)') == 1,
          'the HD95 column moves beside the loss, not shown twice')
    verdict = wait_for('the verdict in HD95', lambda: next((n.name for n in window.findChildren(
        lambda n: n.roleName == 'label' and 'Dice-BCE vs Dice:' in n.name
        and (' px HD95' in n.name or 'identical' in n.name))), None), proc)
    log(f'ok: the verdict is in px HD95: {verdict}')
    forest = on_screen_named(window, 'image',
                             'Mean HD95 (px) difference per test image, with its 95 % interval',
                             proc)
    text = description(forest)
    check('left of zero: first loss better' in text,
          f'the forest plot says a negative HD95 difference favours the first loss: {text!r}')
    difference = float(re.search(r'Dice-BCE − Dice: ([-+][0-9.]+)', text).group(1))
    best = rows[0][1].split(' ×')[0]
    check(difference == 0 or best == ('Dice' if difference > 0 else 'Dice-BCE'),
          f'the plot and the table agree on which way is better '
          f'(Dice-BCE − Dice = {difference:+.4f} px, {best} ranked first)')
    check(find_on_screen(window, 'label', 'Differences in Test HD95 (px)') is not None,
          'the differences are headed HD95 (px)')

    wait_for('Export to become sensitive', lambda: has_state(export, Atspi.StateType.SENSITIVE),
             proc)
    press(export)
    chooser = wait_for('the Export CSV Files chooser', lambda: next(
        (w for w in app.children if w.name == 'Export CSV Files' and on_screen(w)), None), proc)
    log(f'ok: the chooser opens ({chooser.roleName})')
    # The chooser is a window of its own; its buttons are found from the application. GTK 4.8
    # names a mnemonic button by its raw label and its text: "_Export Export".
    accept = wait_for('the chooser’s Export button', lambda: next(
        (b for b in app.findChildren(lambda n: n.roleName == 'push button'
                                     and n.name in ('Export', '_Export Export'))
         if on_screen(b)), None), proc)
    press(accept)
    summary_path = os.path.join(export_dir, 'summary.csv')
    wait_for('summary.csv', lambda: os.path.exists(summary_path), proc)
    with open(summary_path, newline='', encoding='utf-8') as f:
        rows = list(csv.DictReader(f))
    check([r['loss'] for r in rows] == ['dice-bce', 'dice'],
          f'summary.csv has one row per loss ({[r["loss"] for r in rows]})')
    check(all(0 <= float(r['iou_mean']) <= 1 and r['runs'] == '1' for r in rows),
          'summary.csv holds a mean IoU from one run per loss')
    with open(os.path.join(export_dir, 'comparisons.csv'), newline='', encoding='utf-8') as f:
        pairs = list(csv.DictReader(f))
    check([p['metric'] for p in pairs] == ['hd95'],
          f'comparisons.csv compares on the metric chosen, as export --metric does ({pairs[0]["metric"]})')
    with open(os.path.join(export_dir, 'per-image.csv'), newline='', encoding='utf-8') as f:
        per_image = list(csv.DictReader(f))
    check(len(per_image) == 4 and {r['run'] for r in per_image} == {'dice-bce-s1', 'dice-s1'},
          f'per-image.csv has every test image of both runs ({len(per_image)} rows)')
    with open(os.path.join(export_dir, 'history.csv'), newline='', encoding='utf-8') as f:
        history = list(csv.DictReader(f))
    epochs = {(r['run'], r['epoch']) for r in history if r['metric'] == 'val_loss'}
    check(len(epochs) == 6, f'history.csv has the 3 epochs asked for, of both runs ({len(epochs)})')
    external_set_results(window, external, export_dir, proc)
    gallery_export(window, app, export_dir, proc)
    push_window_of_run(window, app, proc)
    per_image_browser(window, [r['name'] for r in per_image], proc)


def external_set_added(window, app, folder, n_pairs, proc):
    """The Add button of External Test Sets, a path typed into the chooser: the set's row gives
    the name its results go by and its pair count, counted off the main thread."""
    add = on_screen_named(window, 'push button', 'Add External Test Set', proc)
    bring_into_view(add, proc, edge=True)
    check(find_on_screen(window, 'label', 'None: the runs are tested on the split only')
          is not None, 'no external test set at first: the runs are tested on the split only')
    press(add)
    top_window(app, 'filler', 'Add External Test Set', proc)
    rawinput.typeText(folder + '/')
    rawinput.pressKey('Return')
    window_gone(app, 'Add External Test Set', proc)
    name = os.path.basename(folder)
    counted = wait_for(f'the row of {name}',
                       lambda: label_starting(window, f'{n_pairs} pairs · {folder}'), proc)
    log(f'ok: {name} is an external test set: {counted.name!r}')
    return name


def external_set_results(window, name, export_dir, proc):
    """After the runs, judged by HD95: the table has the set's rank and HD95 beside the test
    split's, the export writes its files, and the set, removed, leaves the form as it was."""
    def set_cells():
        """Per row, its cells described as the set's rank and HD95: GTK 4.8 puts a column shown
        after the view was drawn last among a row's accessible cells, so each says its column."""
        table = find_on_screen(window, 'tree table', 'Results Table')
        body = next((c for c in table.children if c.roleName == 'list'), None) if table else None
        rows = [r for r in body.children if r.roleName == 'table row'] if body else []
        cells = [[n for n in r.findChildren(lambda n: n.roleName == 'label')] for r in rows]
        found = [[next((n.name for n in c if n.description == f'{name} {what}'), None)
                  for what in ('#', 'HD95 (px)')] for c in cells]
        return found if len(found) == 2 and all(None not in f for f in found) else None

    found = wait_for(f'the {name} rank and HD95 in the table', set_cells, proc)
    check(sorted(f[0] for f in found) == ['1', '2'] and all(figure(f[1]) >= 0 for f in found),
          f'each loss has its rank and mean HD95 on {name} ({found})')
    header, _ = results_table(window)
    position = header.index(f'{name} HD95 (px)') if f'{name} HD95 (px)' in header else -1
    check(position in (-1, 4) and header[2] == 'HD95 (px)',
          f'the set’s columns stand beside the test split’s HD95 ({header})')
    summary = os.path.join(export_dir, 'external', name, 'summary.csv')
    with open(summary, newline='', encoding='utf-8') as f:
        losses = [r['loss'] for r in csv.DictReader(f)]
    check(sorted(losses) == ['dice', 'dice-bce'], f'the export wrote {name}’s summary ({losses})')
    log(f'ok: {name}’s columns in the table and its files in the export')
    remove = on_screen_named(window, 'push button', f'Remove External Test Set {name}', proc)
    bring_into_view(remove, proc, edge=True)
    press(remove)
    wait_for('the set to go', lambda: find_on_screen(
        window, 'label', 'None: the runs are tested on the split only'), proc)
    log(f'ok: {name}, removed, leaves no external test set')


def per_image_browser(window, names, proc):
    """Every test image of every run in the per-image table; a row shows that image as each
    loss predicted it."""
    table = wait_for('the per-image table', lambda: next((n for n in window.findChildren(
        lambda n: n.name == 'Per-Image Results Table') if on_screen(n)), None), proc)
    wait_for(f'{len(names)} rows in the per-image table',
             lambda: label_starting(window, f'{len(names)} rows'), proc)
    log(f'ok: the per-image table lists {len(names)} rows, one per test image and run')
    name = names[0]

    def views_of(image):
        return [n for n in window.findChildren(
            lambda n: n.name.startswith(f'{image}, ') and n.roleName != 'label') if on_screen(n)]

    before = len(views_of(name))
    cell = wait_for(f'the cell {name!r} in the per-image table', lambda: next(
        (n for n in table.findChildren(lambda n: n.roleName == 'label' and n.name == name)
         if on_screen(n)), None), proc)
    # The table sits below the charts: scroll the results pane, the wheel near the window's
    # bottom edge above it, until the cell is in the window.
    height = extents(window).height
    x = centre(find_on_screen(window, 'label', 'Results on the Test Images'))[0]
    for _ in range(60):
        rect = extents(cell)
        if rect.y + rect.height < height - 10:
            break
        rawinput.absoluteMotion(x, height - 60)
        rawinput.click(x, height - 60, button=5)
        time.sleep(0.1)
    press(cell)
    wait_for(f'{name} as both losses predicted it',
             lambda: len(views_of(name)) >= before + 2, proc)
    log(f'ok: a row of the per-image table shows {name} with each loss\'s prediction')
    screenshot(window, 'per-image')


def toast_with(page, text, buttons):
    """The button of the toast saying TEXT, over PAGE. A toast sits beside the pages, not in
    them: only the other children of the pages' ancestors are searched, a fraction of a second
    where a search of the whole window takes several on a busy machine, longer than a toast
    stays."""
    chain = []
    node = page.parent
    while node is not None and node.roleName != 'frame':
        chain.append(node)
        node = node.parent
    for ancestor in chain[1:]:
        for child in ancestor.children:
            if child in chain:
                continue
            found = child.findChildren(lambda n: (n.roleName == 'label' and n.name == text)
                                       or (n.roleName == 'push button' and n.name in buttons))
            said = any(n.roleName == 'label' for n in found)
            button = next((n for n in found if n.roleName == 'push button' and on_screen(n)),
                          None)
            if said and button is not None:
                return button
    return None


def row_button(label, prefix, role='push button'):
    """The button (or another control of ROLE) named PREFIX… in the same list row as LABEL (its
    nearest ancestor that holds such a control)."""
    node = label.parent
    while node is not None:
        found = [b for b in node.findChildren(
            lambda n: n.roleName == role and n.name.startswith(prefix)) if on_screen(b)]
        if found:
            return found[0] if len(found) == 1 else None
        node = node.parent
    return None


def side_by_side_button(window):
    return next((b for b in window.findChildren(
        lambda n: n.roleName == 'push button' and n.name.replace('_', '').endswith('Side by Side'))
        if on_screen(b)), None)


def side_by_side(window, app, first, second, proc):
    """Two experiments chosen in History (the rows whose description starts with FIRST and
    SECOND) and set side by side in a window of their own: each loss of each named with its
    experiment's letter, how they can be compared said, the table a row per loss; a loss left
    out leaves the table; Ctrl+W closes the window, Clear the choice."""
    def choose(prefix):
        press(wait_for(f'the check box of {prefix!r}', lambda: (
            lambda row: row and row_button(row, 'Choose ', 'check box'))(
                label_starting(window, prefix)), proc))

    choose(first)
    wait_for('the action bar asking for another',
             lambda: label_starting(window, '1 experiment chosen: choose another'), proc)
    button = wait_for('the Side by Side button', lambda: side_by_side_button(window), proc)
    check(not has_state(button, Atspi.StateType.SENSITIVE),
          'Side by Side waits for a second experiment')
    choose(second)
    wait_for('two chosen', lambda: label_starting(window, '2 experiments chosen'), proc)
    wait_for('Side by Side to be sensitive', lambda: has_state(
        side_by_side_button(window), Atspi.StateType.SENSITIVE), proc)
    screenshot(window, 'history-chosen')
    # Ctrl+Return acts on the visible page: here, the chosen experiments side by side.
    rawinput.keyCombo('<Control>Return')
    sbs = top_window(app, 'frame', 'Runs Side by Side', proc)
    note = wait_for('how the runs are compared', lambda: next(
        (n for n in sbs.findChildren(lambda n: n.roleName == 'label' and (
            n.name.startswith('Paired by ') or n.name.startswith('Not paired: ')))
         if on_screen(n)), None), proc)
    log(f'ok: side by side says {note.name!r}')
    header, rows = wait_for('the side-by-side table', lambda: (lambda t: t if t[1] else None)(
        results_table(sbs)), proc)
    # The loss column reads "Dice-BCE (A) ×3": the label, then the runs it is over.
    names = sorted(r[1].rsplit(' ×', 1)[0] for r in rows)
    check(len(rows) >= 2 and all(n.endswith(' (A)') or n.endswith(' (B)') for n in names)
          and any(n.endswith(' (A)') for n in names) and any(n.endswith(' (B)') for n in names),
          f'the table has a row per loss of A and of B: {names}')
    if note.name.startswith('Paired by '):
        wait_for('the differences between A and B', lambda: label_starting(
            sbs, 'Differences in Test IoU'), proc)
    screenshot(sbs, 'side-by-side')

    # Leave one loss out: it leaves the table, and its series the chart's legend.
    left_out = names[0]
    press(on_screen_named(sbs, 'check box', left_out, proc))
    wait_for(f'{left_out} to leave the table', lambda: (
        lambda shown: len(shown) == len(rows) - 1 and not any(
            r[1].startswith(left_out + ' ×') for r in shown))(results_table(sbs)[1]), proc)
    log(f'ok: leaving {left_out} out takes it out of the side-by-side table')
    rawinput.keyCombo('<Control>w')
    window_gone(app, 'Runs Side by Side', proc)
    log('ok: Ctrl+W closes the side-by-side window')
    press(wait_for('the Clear button', lambda: next((b for b in window.findChildren(
        lambda n: n.roleName == 'push button' and n.name.replace('_', '').endswith('Clear'))
        if on_screen(b)), None), proc))
    wait_for('the choice to be cleared', lambda: label_starting(window, '2 experiments chosen')
             is None, proc)
    log('ok: Clear empties the choice')


def comparison_epoch(panel, queue=False):
    """The epoch the running comparison is at, from the status line ("Training Dice-BCE, seed 1
    (run 1 of 1): epoch 7 of 200, …"), or with QUEUE the epochs its queue row says are done
    ("Interrupted — epoch 7 of 200"); -1 when there is none."""
    prefix = 'Interrupted — epoch ' if queue else 'Training Dice-BCE, seed 1 (run 1 of 1): epoch '
    label = label_starting(panel, prefix)
    return int(label.name[len(prefix):].split(' ')[0]) if label is not None else -1


def stop_and_resume(window, proc):
    """A long comparison stopped mid-run is listed in History as interrupted; Resume there
    takes it up again in Compare, and it finishes."""
    panel = page_panel(window, 'Compare', proc)
    tick_compare_loss(panel, 'Region-based', 'Dice', False, proc)
    check(set_value(on_screen_named(panel, 'spin button', 'Epochs', proc), 200), 'epochs take 200')
    # Typed, with the pointer on the page (X sends keys to the window under it): Ctrl+Return
    # starts what the visible page starts, here the comparison, not a run on the Train page.
    rawinput.keyCombo('<Control>Return')
    wait_for('the run to train a few epochs', lambda: comparison_epoch(panel) >= 3, proc,
             timeout=TIMEOUT * 3)
    check(selected_page(window) == 'Compare', 'Ctrl+Return on Compare runs the comparison there')
    check(label_starting(panel, 'Training — epoch ') is not None,
          'the queue follows the epochs of the running run')
    running_at = comparison_epoch(panel)
    press(on_screen_named(panel, 'push button', 'Stop Comparison', proc))

    # The toast's Resume goes on at once; stopped again, History takes it up.
    toast = wait_for('the toast', lambda: toast_with(panel, 'Comparison stopped; finished runs '
                                                     'are kept.', ('Resume', '_Resume Resume')),
                     proc)
    press(toast)
    log('ok: Stop leaves the comparison unfinished, and says so in a toast')
    wait_for('the run to go on from where it stopped',
             lambda: comparison_epoch(panel) > running_at + 1, proc, timeout=TIMEOUT * 3)
    log('ok: the toast’s Resume continues the comparison')
    press(on_screen_named(panel, 'push button', 'Stop Comparison', proc))
    wait_for('the comparison to stop again',
             lambda: label_starting(panel, '20') is not None
             and 'not finished' in label_starting(panel, '20').name, proc)
    stopped_at = comparison_epoch(panel, queue=True)
    check(stopped_at > running_at + 1,
          f'the queue says the run was interrupted after epoch {stopped_at}')

    click(tab(window, 'History'))
    wait_for('page History to be selected', lambda: selected_page(window) == 'History', proc)
    entry = wait_for('the stopped experiment in History',
                     lambda: label_starting(window, 'Dice-BCE × 1 seed · tiny preset · '
                                            'demo set (24 images)'), proc)
    check('Interrupted (0 of 1 runs)' in entry.name, f'History says it was interrupted: {entry.name!r}')
    check('IoU' not in entry.name, 'an unfinished experiment has no headline result')
    resume = wait_for('its Resume button', lambda: row_button(entry, 'Resume 20'), proc)
    press(resume)
    wait_for('page Compare to be selected', lambda: selected_page(window) == 'Compare', proc)
    wait_for('the resumed comparison to finish',
             lambda: label_starting(panel, '20') is not None
             and label_starting(panel, '20').name.endswith('finished'), proc, timeout=TIMEOUT * 6)
    done = [n.name for n in panel.findChildren(
        lambda n: n.roleName == 'label' and n.name.startswith('Done — test IoU'))]
    check(len(done) == 1, f'the resumed run is done ({done})')


def sweep_view(window, app, export_dir, proc):
    """A sweep from the Compare page: Dice-BCE and Dice over three learning rates, one seed,
    trained as one paired experiment; the heatmaps show each loss's cell chosen on validation,
    the table ranks the chosen cells, and the heatmaps export as a figure."""
    click(tab(window, 'Compare'))
    wait_for('page Compare to be selected', lambda: selected_page(window) == 'Compare', proc)
    outer = window
    panel = page_panel(outer, 'Compare', proc)
    tick_compare_loss(panel, 'Region-based', 'Dice', True, proc)
    check(set_value(on_screen_named(panel, 'spin button', 'Seeds', proc), 1), 'seeds take 1')
    epochs = on_screen_named(panel, 'spin button', 'Epochs', proc)
    epochs_before = epochs.value
    check(set_value(epochs, 2), 'epochs take 2')
    # Below the runs' settings: scrolled to.
    switch = wait_for('the sweep switch', lambda: next(
        iter(find_all(panel, 'check box', 'Sweep Settings')), None), proc)
    bring_into_view(switch, proc, edge=True)
    check(not is_on(switch), 'the sweep is off at first')
    check(not find_all(panel, 'combo box', 'Sweep Setting')
          or not on_screen(find_all(panel, 'combo box', 'Sweep Setting')[0]),
          'without a sweep its settings are hidden')
    press(switch)
    wait_for('the sweep to be on', lambda: is_on(switch), proc)
    setting = wait_for('the sweep’s setting', lambda: next(
        iter(find_all(panel, 'combo box', 'Sweep Setting')), None), proc)
    bring_into_view(setting, proc, edge=True)
    check(any(c.name == 'Learning rate' for c in setting.findChildren(
        lambda n: n.roleName == 'label')), 'the sweep varies the learning rate by default')
    log('ok: the sweep is on, over the learning rate (1e-4, 3e-4, 1e-3 by default)')

    press(on_screen_named(panel, 'push button', 'Run Comparison', proc))
    wait_for('the queue to list the cells', lambda: find_on_screen(
        panel, 'label', 'Dice (lr 0.001), seed 1'), proc)
    log('ok: the queue lists every cell, named by its learning rate')
    wait_for('the sweep to finish',
             lambda: label_starting(panel, '20') is not None
             and label_starting(panel, '20').name.endswith('finished'), proc, timeout=TIMEOUT * 6)
    heatmap = wait_for('the heatmaps with every loss chosen', lambda: next(
        (n for n in find_all(panel, 'image', 'Sweep Heatmaps')
         if description(n).startswith('Chosen on validation: ')
         and 'no cell' not in description(n)), None), proc, timeout=TIMEOUT * 6)
    chosen = description(heatmap)
    # Chosen by the metric the page is judged by (HD95 here, set on the comparison before).
    check(re.search(r'Dice-BCE \(lr [0-9.e-]+\), validation ', chosen)
          and re.search(r'; Dice \(lr [0-9.e-]+\), validation ', chosen),
          f'the heatmaps say which cell each loss is compared at: {chosen!r}')
    rows = wait_for('the table of the chosen cells', lambda: [
        n.name for n in panel.findChildren(
            lambda n: n.roleName == 'label' and re.fullmatch(r'.* \(lr [0-9.e-]+\) ×1', n.name))
        if on_screen(n)] or None, proc)
    check(len(rows) == 2, f'the table ranks the two chosen cells: {rows}')
    chosen_cells = set(re.findall(r'(?:^Chosen on validation: |; )([^;]+?), validation', chosen))
    check(chosen_cells == {row.split(' ×')[0] for row in rows},
          f'the table compares the cells the heatmaps mark ({sorted(chosen_cells)})')
    verdict = label_starting(panel, 'At the one setting best on validation for all losses')
    check(verdict is not None and 'Tuning each loss' in verdict.name,
          'the page says whether tuning each loss changed the ranking: '
          + (verdict.name if verdict else 'no sentence'))
    # The table as shown, for a README: a menu beside its heading.
    copy = on_screen_named(panel, 'push button', 'Copy Table', proc)
    bring_into_view(copy, proc, edge=True)
    press(copy)
    item = wait_for('Copy as Markdown in the table’s menu', lambda: next(
        (m for m in app.findChildren(lambda n: n.roleName == 'menu item'
                                     and n.name.replace('_', '') == 'Copy as Markdown')
         if on_screen(m)), None), proc)
    choose_in_menu(item)
    wait_for('the toast saying the table was copied',
             lambda: find_on_screen(outer, 'label', 'Copied the table as Markdown'), proc)
    log('ok: the table copies as Markdown')
    bring_into_view(heatmap, proc)
    screenshot(outer, 'sweep')

    button = on_screen_named(panel, 'push button', 'Export Heatmaps', proc)
    press(button)
    item = wait_for('Export as PNG… in the heatmaps’ menu', lambda: next(
        (m for m in app.findChildren(lambda n: n.roleName == 'menu item'
                                     and n.name.replace('_', '') == 'Export as PNG…')
         if on_screen(m)), None), proc)
    choose_in_menu(item)
    # Named after the heatmaps' title, which names the metric the page is judged by.
    path = accept_save_chooser(app, 'Export Heatmaps', 'Export',
                               os.path.join(export_dir, 'sweep-validation-*-per-cell.png'), proc)
    with open(path, 'rb') as f:
        check(f.read(8) == b'\x89PNG\r\n\x1a\n', f'the heatmaps export as a PNG: {path}')
    shutil.copy(path, os.path.join(SHOTS, 'sweep-export.png'))

    bring_into_view(switch, proc)
    press(switch)
    wait_for('the sweep to be off', lambda: not is_on(switch), proc)
    # The form as the steps after this one (and the settings checked at the end) expect it:
    # Dice's row is still open, above the sweep.
    bring_into_view(wait_for('Dice in the form', lambda: next(
        iter(find_all(panel, 'check box', 'Dice')), None), proc), proc, edge=True)
    tick_compare_loss(panel, 'Region-based', 'Dice', False, proc)
    check(set_value(epochs, epochs_before), f'epochs take {epochs_before:g} again')


def history_page(window, app, proc):
    click(tab(window, 'History'))
    wait_for('page History to be selected', lambda: selected_page(window) == 'History', proc)
    entry = wait_for('the experiment in History',
                     lambda: label_starting(window, 'Dice-BCE, Dice × 1 seed · tiny preset'
                                            ' · demo set (24 images)'), proc)
    check('Finished (2 of 2 runs) — highest mean test IoU: ' in entry.name,
          f'History lists the experiment, its data and its headline: {entry.name!r}')
    resumed = wait_for('the resumed experiment in History',
                       lambda: label_starting(window, 'Dice-BCE × 1 seed · tiny preset'), proc)
    check('Finished (1 of 1 runs) — mean test IoU ' in resumed.name,
          f'History lists the resumed experiment as finished: {resumed.name!r}')
    # The Train page's runs, each a one-run experiment: the finished one with its result, the
    # stopped one to resume.
    trained = wait_for('the finished Train run in History', lambda: label_starting(
        window, 'Focal-Tversky + TopK BCE'), proc)
    check('× 1 seed · tiny preset · demo set' in trained.name
          and 'Finished (1 of 1 runs) — mean test IoU ' in trained.name,
          f'History lists the Train page’s finished run: {trained.name!r}')
    stopped = wait_for('the stopped Train run in History', lambda: label_starting(
        window, 'Focal-Tversky × 1 seed · tiny preset'), proc)
    check('Interrupted (0 of 1 runs)' in stopped.name,
          f'History lists the Train page’s stopped run: {stopped.name!r}')
    screenshot(window, 'history')
    side_by_side(window, app, 'Dice-BCE, Dice × 1 seed · tiny preset',
                 'Focal-Tversky + TopK BCE', proc)
    trained = wait_for('the finished Train run in History again', lambda: label_starting(
        window, 'Focal-Tversky + TopK BCE'), proc)
    press(wait_for('the Train run’s Open button', lambda: row_button(trained, 'Open '), proc))
    wait_for('page Compare to be selected', lambda: selected_page(window) == 'Compare', proc)
    compare = page_panel(window, 'Compare', proc)
    # The loss cell: its name, the runs it is over, and under them the settings it trained with.
    cell = wait_for('the Train run’s results in Compare', lambda: next((
        n for n in compare.findChildren(lambda n: n.roleName == 'label')
        if n.name.startswith('Focal-Tversky + ') and ' ×1\n' in n.name and on_screen(n)), None),
        proc)
    check(cell.name.endswith('\nα 0.3 · β 0.7 · γ 1.33'),
          f'the results table says the settings the run trained with: {cell.name!r}')
    log('ok: a run trained on the Train page reopens in Compare, its settings in the table')
    click(tab(window, 'History'))
    wait_for('page History to be selected', lambda: selected_page(window) == 'History', proc)

    # The list may have been made again meanwhile: find the comparison's row anew.
    entry = wait_for('the experiment in History again',
                     lambda: label_starting(window, 'Dice-BCE, Dice × 1 seed · tiny preset'), proc)
    opener = wait_for('its Open button', lambda: row_button(entry, 'Open '), proc)
    check(opener.name.endswith(' in Compare'), f'the row has {opener.name!r}')
    press(opener)
    wait_for('page Compare to be selected', lambda: selected_page(window) == 'Compare', proc)
    wait_for('the reopened table', lambda: find_on_screen(window, 'label', 'Dice ×1'),
             proc)
    log('ok: Open brings the experiment back into Compare')

    click(tab(window, 'History'))
    for remaining in (4, 3, 2, 1):
        deleters = wait_for(f'{remaining} Delete buttons',
                            lambda: (lambda found: len(found) == remaining and found)(
                                [b for b in window.findChildren(
                                    lambda n: n.roleName == 'push button'
                                    and n.name.startswith('Delete 20')) if on_screen(b)]), proc)
        press(deleters[0])
        dialog = wait_for('the confirmation', lambda: next(
            (w for w in app.children if w.roleName in ('dialog', 'frame', 'alert')
             and find_on_screen(w, 'label', 'Delete Experiment?')), None), proc)
        press(wait_for('the dialog’s Delete button', lambda: next(
            (b for b in dialog.findChildren(lambda n: n.roleName == 'push button'
                                            and n.name in ('Delete', '_Delete Delete'))
             if on_screen(b)), None), proc))
    wait_page(window, 'History', 'No Comparisons Yet', proc)
    # The empty state's buttons go where they say. The experiment open in Compare was deleted
    # too: Compare lets go of it.
    press(on_screen_named(window, 'push button', 'Compare Losses', proc))
    wait_page(window, 'Compare', 'No Comparison Yet', proc)
    export = on_screen_named(window, 'push button', 'Export CSV…', proc)
    check(not has_state(export, Atspi.StateType.SENSITIVE),
          'Export is insensitive once the experiment on show is deleted')
    click(tab(window, 'History'))
    wait_for('page History to be selected', lambda: selected_page(window) == 'History', proc)
    press(on_screen_named(window, 'push button', 'Train One Loss', proc))
    wait_for('page Train to be selected', lambda: selected_page(window) == 'Train', proc)
    log('ok: the empty History offers Compare and Train, and each goes there')


def open_with_chooser(window, app, folder, n_pairs, latency_log, proc):
    """Ctrl+O, type the folder's path into the chooser, Enter: a dataset of about the size of
    Montgomery + Shenzhen loads without blocking the main loop, and its grid scrolls to the
    last image."""
    click(tab(window, 'Data'))
    wait_for('page Data to be selected', lambda: selected_page(window) == 'Data', proc)
    rect = extents(window)
    rawinput.absoluteMotion(rect.width // 2, rect.height // 2)
    rawinput.keyCombo('<Control>o')
    top_window(app, 'filler', 'Open Dataset Folder', proc)
    log('ok: Ctrl+O opens the folder chooser')
    # Typing a path opens the chooser's location entry; Enter takes the folder.
    rawinput.typeText(folder + '/')
    rawinput.pressKey('Return')
    window_gone(app, 'Open Dataset Folder', proc)
    name = os.path.basename(folder)
    wait_page(window, 'Data', name, proc)
    summary = wait_for('the summary of the folder',
                       lambda: label_starting(window, f'{n_pairs} pairs at'), proc,
                       timeout=TIMEOUT * 2)
    log(f'ok: the chosen folder is open: {summary.name.splitlines()[0]!r}')
    loads = wait_for('the load to be measured',
                     lambda: [r for r in latency_runs(latency_log, 'load')
                              if r['pairs'] == str(n_pairs)], proc, timeout=TIMEOUT * 2)
    worst = float(loads[-1]['worst_lateness_ms'])
    check(worst < BLOCKED_MS, f'the main loop was never blocked while {n_pairs} pairs loaded '
          f'and their thumbnails were made (worst lateness {worst:.1f} ms)')

    first = wait_for('the first thumbnail', lambda: next(
        (n for n in window.findChildren(lambda n: n.roleName == 'label' and n.name == 'phantom_0001')
         if on_screen(n)), None), proc)
    press(first)
    rawinput.pressKey('End')
    last = f'phantom_{n_pairs:04d}'
    wait_for(f'{last} in the large view',
             lambda: label_starting(window, f'{last} · phantom · {n_pairs} of {n_pairs}'), proc)
    wait_for(f'{last} in the grid', lambda: find_on_screen(window, 'label', last), proc)
    log(f'ok: End goes to the last of {n_pairs} images and the grid scrolls to it')


def visit_everything(env, settings_file, latency_log, export_dir, big_folder, external_folder):
    proc = start(env)
    try:
        app = application(proc)
        window = top_window(app, 'frame', 'Lossbench', proc)
        log('ok: the window titled "Lossbench" is on screen')
        first_size = (extents(window).width, extents(window).height)

        try:
            data_page(window, proc)
            demo_load = latency_runs(latency_log, 'load')
            check(len(demo_load) == 1 and float(demo_load[0]['worst_lateness_ms']) < BLOCKED_MS,
                  f'the main loop was never blocked while the demo set loaded ({demo_load})')
            train_page(window, app, latency_log, export_dir, proc)
            chart_tools(window, app, export_dir, proc)
            compare_page(window, app, settings_file, export_dir, external_folder, proc)
            stop_and_resume(window, proc)
            history_page(window, app, proc)
            sweep_view(window, app, export_dir, proc)
            open_with_chooser(window, app, big_folder, BIG_FOLDER_PAIRS, latency_log, proc)
        except Failure:
            # What the window showed when a check failed, for the person reading the log.
            if proc.poll() is None:
                screenshot(window, 'failure')
            raise

        # About, from the main menu.
        open_menu_item(window, app, 'About Lossbench', proc)
        about = top_window(app, 'frame', 'About', proc)
        for label in ('Lossbench', 'The Lossbench developers', VERSION):
            wait_for(f'{label!r} in About', lambda: find_on_screen(about, 'label', label), proc)
            log(f'ok: About shows {label!r}')
        close_window(about)
        window_gone(app, 'About', proc)

        # The shortcuts window (gtk/help-overlay.ui), from the main menu.
        open_menu_item(window, app, 'Keyboard Shortcuts', proc)
        shortcuts = top_window(app, 'frame', 'Keyboard Shortcuts', proc)
        for label in ('Quit', 'Keyboard Shortcuts', 'Q', 'Ctrl'):
            wait_for(f'{label!r} in the shortcuts window',
                     lambda: find_on_screen(shortcuts, 'label', label), proc)
            log(f'ok: the shortcuts window shows {label!r}')
        close_window(shortcuts)
        window_gone(app, 'Keyboard Shortcuts', proc)

        # F1: Help, a page by page guide in the window.
        rawinput.pressKey('F1')
        help_window = top_window(app, 'frame', 'Help', proc)
        for label in ('Train', 'Every run is kept in History', 'Which Differences Are Real'):
            wait_for(f'{label!r} in Help', lambda: next(
                (n for n in help_window.findChildren(lambda n: n.roleName == 'label'
                                                     and label in n.name)), None), proc)
        log('ok: F1 opens Help with a section per page')
        close_window(help_window)
        window_gone(app, 'Help', proc)

        quit_with_ctrl_q(window, proc)
    finally:
        stop(proc)

    saved_size, maximized = saved_window(settings_file)
    check(not maximized, 'GSettings says the window was not maximized')
    saved = saved_settings(settings_file)
    for key, expected in (('loss', 'focal-tversky'), ('model-preset', 'tiny'),
                          ('alpha', 0.3), ('beta', 0.7), ('gamma', 1.33), ('epochs', 200),
                          ('plus', False), ('plus-loss', 'topk-bce'),
                          ('plus-schedule', 'kervadec'), ('plus-top-k', 10.0),
                          ('plus-weight', 0.01), ('plus-step', 0.01),
                          ('compare-losses', ['dice-bce']), ('compare-epochs', 200),
                          ('compare-metric', 'hd95'),
                          ('compare-seeds', 1), ('last-datasets', [big_folder])):
        value = saved.get_value(key).unpack()
        same = (abs(value - expected) < 1e-9 if isinstance(expected, float)
                else value == expected)
        check(same, f'GSettings remembers {key} = {expected!r} (saved {value!r})')
    check(saved_size == (960, 640),
          f'the first window kept the default size 960×640 in GSettings (saved {saved_size})')
    return first_size, saved_size


def quit_with_ctrl_q(window, proc):
    """Ctrl+Q, typed: the app quits cleanly. No window manager under Xvfb: the window sits at
    the top left, and X sends keys to the window under the pointer once a dialog has closed.
    Put the pointer on the window."""
    rect = extents(window)
    rawinput.absoluteMotion(rect.width // 2, rect.height // 2)
    rawinput.keyCombo('<Control>q')
    try:
        status = proc.wait(TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Failure(f'the app still runs {TIMEOUT:.0f} s after Ctrl+Q')
    check(status == 0, f'the app exits with status 0 after Ctrl+Q (got {status})')


def second_launch(env, settings_file, first_size, saved_size, folders, n_pairs):
    """Start again with another size and two dataset folders in the settings: the window opens
    at that size, with both folders loaded as one dataset; resized, it leaves its new size in
    GSettings. The size GTK reports over AT-SPI leaves out the frame it draws around the
    window, so compare with the first run rather than with the numbers themselves."""
    listed = ', '.join(f"'{f}'" for f in folders)
    with open(settings_file, 'w', encoding='utf-8') as f:
        f.write('[io/github/lossbench/Lossbench]\n'
                'window-width=700\nwindow-height=500\nwindow-maximized=false\n'
                f'last-datasets=[{listed}]\n'
                # The Literature preset's Focal-Tversky, its γ = 4/3 as the preset writes it.
                "loss='focal-tversky'\nloss-preset='literature'\ngamma=1.3333333333333333\n")
    proc = start(env)
    try:
        app = application(proc)
        window = top_window(app, 'frame', 'Lossbench', proc)
        expected = (first_size[0] - (saved_size[0] - 700), first_size[1] - (saved_size[1] - 500))
        wait_for(f'the window to shrink to {expected[0]}×{expected[1]} (700×500 with its frame)',
                 lambda: (lambda r: r is not None and (r.width, r.height) == expected)(
                     extents(window)),
                 proc, timeout=min(TIMEOUT, 15))
        log('ok: the window opens at the size remembered in GSettings')
        title = ' + '.join(os.path.basename(f) for f in folders)
        wait_for(f'{title!r} on the Data page', lambda: find_on_screen(window, 'label', title), proc)
        summary = wait_for('the summary of both folders',
                           lambda: label_starting(window, f'{n_pairs} pairs at'), proc,
                           timeout=TIMEOUT * 2)
        log(f'ok: the last two folders reopen as one dataset: {summary.name.splitlines()[0]!r}')
        original_in_view(window, proc)
        save_large_view(window, app, env['LOSSBENCH_EXPORT_DIR'], proc)
        full_precision(window, proc)
        resize_x_window('Lossbench', 820, 560)
        grown = (expected[0] + 120, expected[1] + 60)
        wait_for(f'the window to grow to {grown[0]}×{grown[1]} (820×560 with its frame)',
                 lambda: (lambda r: r is not None and (r.width, r.height) == grown)(
                     extents(window)),
                 proc, timeout=min(TIMEOUT, 15))
        quit_with_ctrl_q(window, proc)
    finally:
        stop(proc)
    resized, maximized = saved_window(settings_file)
    check(resized == (820, 560) and not maximized,
          f'the window resized to 820×560 leaves that size in GSettings (saved {resized}, '
          f'maximized: {maximized})')


def click_text(node):
    """A click into a spin button's text, left of its − and + buttons."""
    rect = extents(node)
    rawinput.click(rect.x + 8, rect.y + rect.height // 2)


def full_precision(window, proc):
    """γ = 4/3 comes back as 4/3, not as the 1.33 its spin button shows, and stays so when the
    button gets and loses the focus: (1 − TI)^(1/γ) is (1 − TI)^0.75."""
    click(tab(window, 'Train'))
    wait_for('page Train to be selected', lambda: selected_page(window) == 'Train', proc)
    panel = page_panel(window, 'Train', proc)
    exact = '(1 − TI)^(1/1.33333) = (1 − TI)^0.75,'

    def formula():
        return any(exact in n.name for n in panel.findChildren(lambda n: n.roleName == 'label')
                   if on_screen(n))
    wait_for('the formula with γ = 4/3', formula, proc)
    log('ok: γ = 4/3 survives a restart')
    gamma = on_screen_named(panel, 'spin button', 'γ', proc)
    alpha = on_screen_named(panel, 'spin button', 'α', proc)
    bring_into_view(gamma, proc)
    click_text(gamma)
    click_text(alpha)
    time.sleep(0.5)
    check(formula(), 'γ keeps 4/3 when its button loses the focus')


WIDE = (96, 64)  # the one pair wider than high: extra_0000


def wide_image(x, y):
    return (2 * x + y) % 256


def wide_mask(x, y):
    return 255 if 20 <= x < 76 and 10 <= y < 54 else 0


def write_gray_png(path, size, pixel):
    """An 8-bit gray PNG, written here so that the test needs no imaging library."""
    width, height = size
    rows = b''.join(b'\x00' + bytes(pixel(x, y) for x in range(width)) for y in range(height))

    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data
                + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))

    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n'
                + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 0, 0, 0, 0))
                + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b''))


def original_in_view(window, proc):
    """The first pair, extra_0000, is 96 × 64: the large view shows the file itself at that
    size, not the square training image, and reads its pixels at the file's coordinates."""
    wait_for('extra_0000 in the large view', lambda: label_starting(window, 'extra_0000 · '), proc)
    on_screen_named(window, 'label', f'{WIDE[0]} × {WIDE[1]} px, original', proc,
                    'the large view to show the 96 × 64 original')
    view = on_screen_named(window, 'image', 'Selected Image', proc)
    check(f'{WIDE[0]} × {WIDE[1]} px, original' in description(view),
          f'the view says it shows the original: {description(view)!r}')
    x, y = centre(view)
    rawinput.absoluteMotion(x, y)
    px, py, value, mask = wait_for('the pixel under the pointer', lambda: pixel_read_out(window),
                                   proc)
    check(abs(px - WIDE[0] / 2) <= 3 and abs(py - WIDE[1] / 2) <= 3,
          f'the middle of the view is the middle of the 96 × 64 original: ({px}, {py})')
    check(value == wide_image(px, py) and mask == (wide_mask(px, py) > 0),
          f'the read-out gives the file\'s own pixel: image {value}, mask {mask}')


def save_large_view(window, app, export_dir, proc):
    """Save Image writes the picture as shown at the original's own size: 96 × 64 here."""
    press(on_screen_named(window, 'push button', 'Save Image', proc))
    path = os.path.join(export_dir, 'extra_0000-overlay.png')
    accept_save_chooser(app, 'Save Image', 'Save', path, proc)
    with open(path, 'rb') as f:
        header = f.read(24)
    width, height = struct.unpack('>II', header[16:24])
    check((width, height) == WIDE, f'the saved image is the original’s size ({width} × {height})')


def rename_copy(source, target, count, prefix):
    """The first COUNT pairs of SOURCE under new names in TARGET (images/ + masks/): a second
    folder whose images are not the first's, and one pair wider than high before them."""
    for sub in ('images', 'masks'):
        os.makedirs(os.path.join(target, sub))
        for i in range(1, count + 1):
            shutil.copy(os.path.join(source, sub, f'phantom_{i:04d}.png'),
                        os.path.join(target, sub, f'{prefix}_{i:04d}.png'))
    write_gray_png(os.path.join(target, 'images', f'{prefix}_0000.png'), WIDE, wide_image)
    write_gray_png(os.path.join(target, 'masks', f'{prefix}_0000.png'), WIDE, wide_mask)


def main():
    check(os.access(APP, os.X_OK), f'the app is built: {APP}')
    check(VERSION != '', f'the version About must show is known: {VERSION}')
    with tempfile.TemporaryDirectory(prefix='lossbench-ui-') as home:
        # The keyfile backend, in a private folder, lets the test read what the app saved.
        env = dict(os.environ, GSETTINGS_BACKEND='keyfile', XDG_CONFIG_HOME=home,
                   XDG_DATA_HOME=os.path.join(home, 'data'))
        settings_file = os.path.join(home, 'glib-2.0', 'settings', 'keyfile')
        latency_log = os.path.join(home, 'latency.log')
        env['LOSSBENCH_LATENCY_LOG'] = latency_log
        # A small demo set keeps the training steps short on a loaded machine.
        env['LOSSBENCH_DEMO'] = '24x64'
        export_dir = os.path.join(home, 'export')
        os.makedirs(export_dir)
        env['LOSSBENCH_EXPORT_DIR'] = export_dir
        # A folder of real PNG files as large as Montgomery + Shenzhen, small images to be quick.
        big_folder = os.path.join(home, 'chest-xrays')
        subprocess.run([CLI, 'demo-data', '--out', big_folder, '--count', str(BIG_FOLDER_PAIRS),
                        '--size', '64'], check=True, stdout=subprocess.DEVNULL)
        # Pairs of "another hospital": phantoms of another seed, never trained on.
        external_folder = os.path.join(home, 'hospital-b')
        subprocess.run([CLI, 'demo-data', '--out', external_folder, '--count',
                        str(EXTERNAL_PAIRS), '--size', '64', '--seed', '99'], check=True,
                       stdout=subprocess.DEVNULL)
        first_size, saved_size = visit_everything(env, settings_file, latency_log, export_dir,
                                                  big_folder, external_folder)
        second_folder = os.path.join(home, 'more-xrays')
        rename_copy(big_folder, second_folder, 10, 'extra')
        second_launch(env, settings_file, first_size, saved_size, [big_folder, second_folder],
                      BIG_FOLDER_PAIRS + 11)
    log('all UI checks passed')


if __name__ == '__main__':
    try:
        main()
    except Failure as e:
        print(f'FAIL: {e}', file=sys.stderr, flush=True)
        sys.exit(1)
