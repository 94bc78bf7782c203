/* lb-dataset-discover.h — recognise a dataset folder's layout and pair its images with masks.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The folder layouts we recognise (sub-folder names are matched case-insensitively). */
typedef enum
{
  LB_DATASET_LAYOUT_GENERIC,    /* images/ + masks/, matched by stem; optional manifest.csv */
  LB_DATASET_LAYOUT_KAGGLE,     /* CXR_png/ + masks/ (Kaggle "Chest Xray Masks and Labels");
                                 * Shenzhen masks carry a _mask suffix */
  LB_DATASET_LAYOUT_MONTGOMERY, /* CXR_png/ + ManualMask/leftMask/ + ManualMask/rightMask/:
                                 * the two lungs are merged */
  LB_DATASET_LAYOUT_SHENZHEN,   /* CXR_png/ + one other folder whose name contains "mask" */
  LB_DATASET_LAYOUT_MIXED,      /* several folders of different layouts, merged */
} LbDatasetLayout;

const char *lb_dataset_layout_to_string (LbDatasetLayout layout);

/* Something the loader found in a kept pair. */
typedef enum
{
  LB_PAIR_FLAG_NONE = 0,
  LB_PAIR_FLAG_EMPTY_MASK = 1 << 0,      /* no lung pixel at the loaded size: kept, flagged */
  LB_PAIR_FLAG_NON_BINARY_MASK = 1 << 1, /* values other than 0 and 255: thresholded > 127 */
  LB_PAIR_FLAG_ZERO_ONE_MASK = 1 << 2,   /* values 0 and 1 only: read as 0 / 255 */
} LbPairFlags;

typedef struct
{
  char *name;          /* the stem image and mask share, e.g. "CHNCXR_0001_0" */
  char *source;        /* "montgomery", "shenzhen", a manifest label, or "other" */
  char *image_path;
  char *mask_paths[2]; /* one mask, or left and right lung (Montgomery); [1] may be NULL */
  int width;           /* the image's size from its header */
  int height;
} LbPair;

/* A file left out (rejected) or a kept pair with something to say (warning). */
typedef struct
{
  char *name;    /* the stem concerned */
  char *path;    /* the file concerned */
  char *message; /* a sentence for the user: what is wrong and what to do */
  int code;      /* an LbError code */
} LbFileNote;

typedef struct
{
  char *folder;
  LbDatasetLayout layout;
  char *image_dir;            /* absolute */
  char *mask_dirs[2];         /* absolute; [1] only for Montgomery (right lung) */
  GPtrArray *pairs;           /* LbPair*, sorted by name */
  GPtrArray *unmatched_images; /* char* paths: images without a mask (reported, not errors) */
  GPtrArray *unmatched_masks;  /* char* paths: masks without an image */
  GPtrArray *rejected;         /* LbFileNote*: files left out, each with its reason */
  GPtrArray *warnings;         /* LbFileNote*: kept pairs with a remark (empty mask, …) */
} LbPairingReport;

/* Looks at @folder: detects the layout, pairs images with masks by stem, and checks every
 * paired file's header (readable, not empty, a decodable format, within the pixel limit, not
 * cut short, mask the same size as its image). Nothing is decoded. Bad files land in
 * report->rejected with their reason; the rest pairs up.
 *
 * Fails (LB_ERROR_NOT_FOUND, _PERMISSION, _INVALID_INPUT) only when @folder itself is missing,
 * unreadable or in no layout we know. A folder that pairs nothing returns a report with no
 * pairs: the caller decides (the loader fails with LB_ERROR_EMPTY). */
LbPairingReport *lb_dataset_discover (const char  *folder,
                                      GError     **error);

/* The same without the header checks: pairs by name only, width and height left 0. The loader
 * uses it and checks each pair's headers itself (lb_pair_check_headers) in its worker threads,
 * so a dataset served from the cache costs no header reads at all. */
LbPairingReport *lb_dataset_discover_unchecked (const char  *folder,
                                                GError     **error);

/* The header checks lb_dataset_discover makes on one pair. On success fills pair->width and
 * ->height; on failure returns FALSE with the LbError @code, the file concerned (@path) and
 * the sentence for the user (@message), both newly allocated. */
gboolean lb_pair_check_headers (LbPair  *pair,
                                int     *code,
                                char   **path,
                                char   **message);

/* Pairs two folders of masks by name with the same rules as a dataset's images and masks
 * (hidden files skipped, files of no image type and names held by several files rejected, a
 * "_mask" suffix dropped on either side), for scoring one tool's predictions against the
 * truths (lossbench-cli score). Each pair's image_path is the file in @pred_dir and
 * mask_paths[0] the one in @truth_dir; report->image_dir is @pred_dir and mask_dirs[0]
 * @truth_dir. unmatched_images are predictions without a truth, unmatched_masks truths without
 * a prediction. Every pair's headers are checked (readable, decodable, within the pixel limit,
 * not cut short, prediction and truth the same size); a failing pair lands in rejected with
 * its reason. Fails only when a folder is missing, unreadable or not a folder. */
LbPairingReport *lb_dataset_discover_mask_pairs (const char  *pred_dir,
                                                 const char  *truth_dir,
                                                 GError     **error);

void lb_pairing_report_free (LbPairingReport *report);

/* Several folders as one dataset, e.g. Montgomery and Shenzhen as NLM ships them: all their
 * pairs, sorted by name, and every note. Takes the reports (LbPairingReport*, freed by
 * @reports); folder is their paths joined by " + ", layout theirs if they share one, else
 * MIXED. Fails with LB_ERROR_INVALID_INPUT, naming it, when an image name is in two of them:
 * splits and results go by name. */
LbPairingReport *lb_pairing_report_merge (GPtrArray  *reports,
                                          GError    **error);

/* Sources present among the pairs, sorted; free with g_strfreev. */
char **lb_pairing_report_dup_sources (const LbPairingReport *report);
guint lb_pairing_report_count_source (const LbPairingReport *report,
                                      const char            *source);

/* Drops pair @index (the loader could not decode it) and records why in report->rejected. */
void lb_pairing_report_reject_pair (LbPairingReport *report,
                                    guint            index,
                                    const char      *path,
                                    int              code,
                                    const char      *message);

void lb_pairing_report_add_warning (LbPairingReport *report,
                                    const char      *name,
                                    const char      *path,
                                    int              code,
                                    const char      *message);

/* The report as JSON: folder, layout, pairs (count, by_source, names), unmatched_images,
 * unmatched_masks, rejected [{name, path, reason}], warnings [{name, path, message}]. */
JsonNode *lb_pairing_report_to_json (const LbPairingReport *report);

void lb_pair_free (LbPair *pair);
void lb_file_note_free (LbFileNote *note);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbPairingReport, lb_pairing_report_free)

G_END_DECLS
