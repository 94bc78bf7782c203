/* lb-external-sets-row.h — "External Test Sets" in the Compare form: folders of pairs from
 * elsewhere that every run is measured on after training, each with its name, its pair count
 * and a button to remove it; an Add button opens a folder chooser. Bound to a GSettings list.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lb-experiment-config.h"

G_BEGIN_DECLS

#define LB_TYPE_EXTERNAL_SETS_ROW (lb_external_sets_row_get_type ())
G_DECLARE_FINAL_TYPE (LbExternalSetsRow, lb_external_sets_row, LB, EXTERNAL_SETS_ROW,
                      AdwExpanderRow)

/* Shows and edits KEY (a list of folder paths) of SETTINGS; once. */
void  lb_external_sets_row_bind         (LbExternalSetsRow  *self,
                                         GSettings          *settings,
                                         const char         *key);
/* Adds the folders to CONFIG's external sets; NULL, or a sentence saying why one cannot be. */
char *lb_external_sets_row_apply        (LbExternalSetsRow  *self,
                                         LbExperimentConfig *config);
/* Whether the user may change them (not while a comparison runs). */
void  lb_external_sets_row_set_editable (LbExternalSetsRow  *self,
                                         gboolean            editable);

G_END_DECLS
