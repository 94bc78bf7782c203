/* lb-application.h — the Lossbench AdwApplication: app actions, accelerators, one main window.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LB_TYPE_APPLICATION (lb_application_get_type ())

G_DECLARE_FINAL_TYPE (LbApplication, lb_application, LB, APPLICATION, AdwApplication)

LbApplication *lb_application_new             (void);
int            lb_application_get_exit_status (LbApplication *self);

G_END_DECLS
