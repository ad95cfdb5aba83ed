/*
 * export.h: what the export driver (export.c) shares with the file of
 * each format (export-*.c); nothing else in muster includes it.
 */

#ifndef EXPORT_H
#define EXPORT_H

#include <dirent.h>

/* How ex_quote writes a value: each format and place has its own rules. */
enum qkind {
	Q_SYSTEMD_EXEC,
	Q_SYSTEMD_RAW,
	Q_SYSTEMD_ENVFILE,
	Q_YAML,
	Q_YAML_DOLLAR,
	Q_SV_WORD,
	Q_SV_ENV,
	Q_SV_RAW,
	Q_ENVDIR,
};

/* The files to write and the files to remove: the driver's alone. */
TAILQ_HEAD(export_files, export_file);
TAILQ_HEAD(export_gones, export_gone);

/* One export: the app, what was asked, and the files planned so far. */
struct exporter {
	struct app		    *app;
	const struct export_options *opts;
	const char		    *format;
	const char		    *name;   /* the app's */
	char			    *kname;  /* the same for Kubernetes */
	char			    *root;   /* absolute */
	char			    *marker; /* first line of every file */
	struct diags		    *ds;
	struct export_files	     files;
	struct export_gones	     gone; /* what a re-export removes */
	const char		    *src;  /* what names the next files */
	size_t			     line;
	const char		    *dir; /* DIR, as given */
	int			     dfd; /* DIR, open */
	FILE			    *f;	  /* the file being built */
	char			    *buf;
	size_t			     len;
};

/* export.c: building the files. */
void ex_begin(struct exporter *, mode_t, const char *, ...) PRINTFLIKE(3, 4);
void ex_end(struct exporter *);
void ex_file(struct exporter *, char *, size_t, mode_t, const char *, ...)
    PRINTFLIKE(5, 6);
char  *ex_quote(struct exporter *, enum qkind, const char *, const char *,
     size_t, const char *, const char *);
char  *ex_command(struct exporter *, enum qkind, const struct procfile_entry *);
int    ex_exported(const struct env_var *);
char  *ex_env(struct exporter *, enum qkind, char **);
double ex_timeout(const struct exporter *, const struct type_config *);
const char  *ex_signal(const struct type_config *);
long long    ex_seconds(double);
void	     ex_span(double, int, char *, size_t);
int	     ex_binds_port(const struct procfile_entry *);
unsigned int ex_port(struct exporter *, const struct procfile_entry *);
char	    *ex_kname(const char *);
int	     ex_oneoff(const struct exporter *, const char *);
int	     ex_restarts(const struct exporter *, const struct type_config *,
	     const char *);

/* export.c: what an earlier export left in DIR. */
DIR  *ex_opendir(const struct exporter *, const char *);
char *ex_owned_read(const struct exporter *, const char *);
int   ex_owned(const struct exporter *, const char *);
int   ex_planned(const struct exporter *, const char *);
void  ex_gone(struct exporter *, int, const char *, ...) PRINTFLIKE(3, 4);

/* export-systemd.c */
void export_systemd_build(struct exporter *);
int  export_systemd_stale(struct exporter *);

/* export-supervisord.c */
void export_supervisord_build(struct exporter *);

/* export-runit.c */
void export_runit_build(struct exporter *);
int  export_runit_stale(struct exporter *);
int  export_runit_owned(const struct exporter *, const char *);

/* export-kubernetes.c */
void export_kubernetes_build(struct exporter *);

/* export-compose.c */
void export_compose_build(struct exporter *);

#endif /* EXPORT_H */
