/* lb-error.c — the error domain every engine function reports in.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lb-error.h"

G_DEFINE_QUARK (lb-error-quark, lb_error)
