#!/usr/bin/python3
# tests/ui/test_cluster.py — the window following an experiment that a real Slurm cluster
# trains (tests/slurm/with-cluster.sh starts one): History says it is training elsewhere,
# Compare's queue names each run's node and epoch as the tasks go, and the results appear as
# they finish, without a click. Also the form's "Run on a Slurm Cluster" row.
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_app import (CLI, Failure, application, check, click, find_all,  # noqa: E402
                      find_on_screen, label_starting, log, on_screen, page_panel, press, row_button,
                      screenshot, selected_page, start, stop, tab, top_window, wait_for)

# A run of some seconds, so that the window sees it in the middle.
EPOCHS = '400'


def main():
    if os.environ.get('LB_SLURM_SKIP'):
        print(f'SKIP: {os.environ["LB_SLURM_SKIP"]}')
        sys.exit(77)
    with tempfile.TemporaryDirectory(prefix='lossbench-ui-cluster-') as home:
        env = dict(os.environ, GSETTINGS_BACKEND='keyfile', XDG_CONFIG_HOME=home,
                   XDG_DATA_HOME=os.path.join(home, 'data'), LOSSBENCH_DEMO='24x64')
        store = os.path.join(home, 'data', 'lossbench', 'experiments')
        os.makedirs(store)
        exp = os.path.join(store, '2026-12-03-cluster-tiny')
        submitted = subprocess.run(
            [CLI, 'compare', '--preset', 'tiny', '--demo-count', '32', '--epochs', EPOCHS,
             '--losses', 'dice-bce,jaccard', '--seeds', '1', '--submit', 'slurm',
             '--cpus-per-task', '1', '--out', exp], capture_output=True, text=True, env=env)
        check(submitted.returncode == 0, f'the experiment was submitted: {submitted.stderr}')
        proc = start(env)
        try:
            app = application(proc)
            window = top_window(app, 'frame', 'Lossbench', proc)

            click(tab(window, 'Compare'))
            wait_for('page Compare', lambda: selected_page(window) == 'Compare', proc)
            wait_for('the form’s Run on a Slurm Cluster row', lambda: next(
                (n for n in find_all(window, 'label', 'Run on a Slurm Cluster') if on_screen(n)),
                None), proc)

            click(tab(window, 'History'))
            wait_for('page History', lambda: selected_page(window) == 'History', proc)
            entry = wait_for('the cluster experiment in History', lambda: label_starting(
                window, 'Dice-BCE, Jaccard × 1 seed · tiny preset'), proc)
            opener = wait_for('its Open button', lambda: row_button(entry, 'Open '), proc)
            press(opener)
            wait_for('page Compare', lambda: selected_page(window) == 'Compare', proc)
            compare = page_panel(window, 'Compare', proc)

            def queue_row(prefix):
                return next((n for n in compare.findChildren(
                    lambda n: n.roleName == 'label' and n.name.startswith(prefix))
                    if on_screen(n)), None)

            elsewhere = wait_for('a run training on the cluster', lambda: queue_row(
                'Training elsewhere — '), proc, timeout=120)
            check('(Slurm job ' in elsewhere.name and ', task ' in elsewhere.name,
                  f'the queue names the node and the Slurm task: {elsewhere.name!r}')
            screenshot(window, 'compare-following-cluster')
            done = wait_for('both runs done, without a click', lambda: (
                lambda rows: len(rows) == 2 and rows)(
                [n for n in compare.findChildren(
                    lambda n: n.roleName == 'label' and n.name.startswith('Done — test IoU'))
                 if on_screen(n)]), proc, timeout=300)
            check(len(done) == 2, 'the queue shows both runs done')
            # The table's loss cell, not the queue's run title: "Jaccard ×1" once its run is in.
            wait_for('Jaccard in the results table',
                     lambda: find_on_screen(compare, 'label', 'Jaccard ×1'), proc)
            screenshot(window, 'compare-cluster-finished')
            log('ok: Compare followed the cluster experiment to its end')
        except Failure:
            if proc.poll() is None:
                screenshot(window, 'cluster-failure')
            raise
        finally:
            stop(proc)
    log('all cluster UI checks passed')


if __name__ == '__main__':
    try:
        main()
    except Failure as e:
        print(f'FAIL: {e}', file=sys.stderr, flush=True)
        sys.exit(1)
