#!/usr/bin/python3
# tests/ui/test_cluster.py — the window and a real Slurm cluster (tests/slurm/with-cluster.sh
# starts one). An experiment submitted from the command line, held in Slurm's queue: History
# says it waits, and once released, that it trains, without a click; Compare's queue names each
# run's node and epoch as the tasks go, and the results appear as they finish. Then one made on
# the form with "Run on a Slurm Cluster": it is submitted, followed, and cancelled with Stop.
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_app import (CLI, Atspi, Failure, application, check, click, find_all,  # noqa: E402
                      find_on_screen, has_state, label_starting, log, on_screen,
                      on_screen_named, page_panel, press, row_button, screenshot, selected_page,
                      start, stop, tab, top_window, wait_for)

# A run of some seconds, so that the window sees it in the middle.
EPOCHS = '400'

# The form as the user left it: a tiny two-loss comparison, one seed, to the cluster.
FORM_SETTINGS = f"""[io/github/lossbench/Lossbench]
compare-model='tiny'
compare-epochs={EPOCHS}
compare-losses=['dice-bce', 'jaccard']
compare-seeds=1
compare-slurm=true
slurm-cpus=1
"""


def job_of(folder):
    with open(os.path.join(folder, 'slurm', 'job.json')) as f:
        return json.load(f)['job_id']


def job_states(job):
    out = subprocess.run(['squeue', '--noheader', '--array', '--states=all', '--jobs', job,
                          '--format=%T'], capture_output=True, text=True).stdout
    return out.split()


def history_subtitle(window, proc, contains):
    """The cluster experiment's History row, once its subtitle says CONTAINS."""
    return wait_for(f'History to say “{contains}”', lambda: next(
        (n for n in window.findChildren(
            lambda n: n.roleName == 'label' and contains in n.name) if on_screen(n)), None),
        proc, timeout=120)


def queue_row(compare, prefix):
    return next((n for n in compare.findChildren(
        lambda n: n.roleName == 'label' and n.name.startswith(prefix)) if on_screen(n)), None)


def submit_from_form(window, app, compare, store, proc):
    """Run with "Run on a Slurm Cluster" on: a job array, followed, then cancelled with Stop."""
    before = set(os.listdir(store))
    press(on_screen_named(window, 'push button', 'Run Comparison', proc))
    made = wait_for('the form’s experiment and its Slurm job', lambda: next(
        (os.path.join(store, d) for d in set(os.listdir(store)) - before
         if os.path.exists(os.path.join(store, d, 'slurm', 'job.json'))), None), proc)
    job = job_of(made)
    with open(os.path.join(made, 'config.json')) as f:
        threads = json.load(f)['training']['threads']
    check(threads == 1, f'each task trains with its one CPU’s thread (config says {threads})')
    elsewhere = wait_for('the form’s runs training on the cluster', lambda: queue_row(
        compare, 'Training elsewhere — '), proc, timeout=120)
    check(f'(Slurm job {job}, task ' in elsewhere.name,
          f'the queue names the form’s job {job}: {elsewhere.name!r}')
    log(f'ok: the form submitted job {job} ({", ".join(job_states(job))}), followed in the queue')

    stop_button = on_screen_named(window, 'push button', 'Stop Comparison', proc)
    check(has_state(stop_button, Atspi.StateType.SENSITIVE),
          'Stop is offered for a comparison the cluster trains')
    press(stop_button)
    dialog = wait_for('the confirmation', lambda: next(
        (w for w in app.children if w.roleName in ('dialog', 'frame', 'alert')
         and find_on_screen(w, 'label', f'Cancel Slurm Job {job}?')), None), proc)
    screenshot(dialog, 'cluster-cancel-confirmation')
    press(wait_for('the dialog’s Cancel Job button', lambda: next(
        (b for b in dialog.findChildren(lambda n: n.roleName == 'push button'
                                        and 'Cancel Job' in n.name) if on_screen(b)), None),
        proc))
    wait_for('Slurm to have cancelled the job', lambda: all(
        s in ('CANCELLED', 'COMPLETED') for s in job_states(job)), proc, timeout=120)
    wait_for('the queue to show no run training elsewhere', lambda: queue_row(
        compare, 'Training elsewhere — ') is None, proc, timeout=120)
    wait_for('Stop to be off again', lambda: not has_state(
        on_screen_named(window, 'push button', 'Stop Comparison', proc),
        Atspi.StateType.SENSITIVE), proc)
    screenshot(window, 'compare-cluster-cancelled')
    log(f'ok: Stop cancelled job {job}; its runs wait to be resumed')

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
        # Held: it waits in Slurm's queue until the test releases it.
        submitted = subprocess.run(
            [CLI, 'compare', '--preset', 'tiny', '--demo-count', '32', '--epochs', EPOCHS,
             '--losses', 'dice-bce,jaccard', '--seeds', '1', '--submit', 'slurm',
             '--cpus-per-task', '1', '--sbatch-arg=--hold', '--out', exp],
            capture_output=True, text=True, env=env)
        check(submitted.returncode == 0, f'the experiment was submitted: {submitted.stderr}')
        settings_dir = os.path.join(home, 'glib-2.0', 'settings')
        os.makedirs(settings_dir)
        with open(os.path.join(settings_dir, 'keyfile'), 'w') as f:
            f.write(FORM_SETTINGS)
        proc = start(env)
        try:
            app = application(proc)
            window = top_window(app, 'frame', 'Lossbench', proc)

            click(tab(window, 'Compare'))
            wait_for('page Compare', lambda: selected_page(window) == 'Compare', proc)
            wait_for('the form’s Run on a Slurm Cluster row, once Slurm is found', lambda: next(
                (n for n in find_all(window, 'label', 'One job array, a task per run; the '
                                     'experiment folder must be on a filesystem every node sees')
                 if on_screen(n)), None), proc)

            click(tab(window, 'History'))
            wait_for('page History', lambda: selected_page(window) == 'History', proc)
            history_subtitle(window, proc, 'Waiting in Slurm’s queue (0 of 2 runs)')
            screenshot(window, 'history-cluster-waiting')
            job = job_of(exp)
            subprocess.run(['scontrol', 'release', job], check=True)
            history_subtitle(window, proc, 'Training elsewhere (')
            screenshot(window, 'history-cluster-training')
            log('ok: History followed the job from Slurm’s queue to its nodes, without a click')
            entry = wait_for('the cluster experiment in History', lambda: label_starting(
                window, 'Dice-BCE, Jaccard × 1 seed · tiny preset'), proc)
            opener = wait_for('its Open button', lambda: row_button(entry, 'Open '), proc)
            press(opener)
            wait_for('page Compare', lambda: selected_page(window) == 'Compare', proc)
            compare = page_panel(window, 'Compare', proc)
            elsewhere = wait_for('a run training on the cluster', lambda: queue_row(
                compare, 'Training elsewhere — '), proc, timeout=120)
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
            submit_from_form(window, app, compare, store, proc)
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
