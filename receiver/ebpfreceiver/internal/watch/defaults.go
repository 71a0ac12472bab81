package watch

// Defaults are the built-in categories: where credentials live, where
// persistence is planted, where binaries and libraries are, and the
// logs and histories that intruders erase, and the kernel hooks that
// escapes from containers write.
func Defaults() []Category {
	return []Category{
		{Name: "credentials", Access: AccessAny, Patterns: []string{
			"/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-",
			"/etc/sudoers", "/etc/sudoers.d/", "/etc/pam.d/", "/etc/security/",
			"/etc/ssh/",
			// Kubernetes service-account tokens and node credentials.
			"/var/run/secrets/", "/run/secrets/", "/etc/kubernetes/", "/var/lib/kubelet/pki/",
			// SSH keys and logins in any home directory.
			".ssh/", "authorized_keys", "authorized_keys2",
			// Cloud, cluster and registry credentials in any home directory.
			".aws/credentials", ".aws/config", ".azure/", "gcloud/credentials.db",
			"gcloud/access_tokens.db", "gcloud/application_default_credentials.json",
			".kube/config", ".docker/config.json", ".netrc", ".pgpass", ".git-credentials", ".vault-token",
		}},
		{Name: "persistence", Access: AccessWrite, Patterns: []string{
			"/etc/crontab", "/etc/cron.d/", "/etc/cron.hourly/", "/etc/cron.daily/",
			"/etc/cron.weekly/", "/etc/cron.monthly/", "/var/spool/cron/",
			"/etc/systemd/", "/lib/systemd/system/", "/usr/lib/systemd/system/", "/etc/init.d/", "/etc/rc.local",
			"/etc/ld.so.preload", "/etc/ld.so.conf", "/etc/ld.so.conf.d/",
			"/etc/profile", "/etc/profile.d/", "/etc/bash.bashrc", "/etc/environment",
			"/etc/passwd", "/etc/group", "/etc/update-motd.d/",
			".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile", ".zshrc", ".zprofile",
		}},
		// root's home: reads by root's own tools are constant; what is
		// planted there is news. Its credentials (.ssh/, .aws/…) are
		// matched by name above and reported on every open.
		{Name: "root_home", Access: AccessWrite, Patterns: []string{"/root/"}},
		{Name: "binaries", Access: AccessWrite, Patterns: []string{
			"/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/", "/usr/local/bin/", "/usr/local/sbin/",
			"/lib*", "/usr/lib*",
		}},
		// Logs and shell histories: written all day by their owners
		// through descriptors kept open, so a new writing open, a rename,
		// an unlink or a link planted over one is how they are tampered with.
		{Name: "logs", Access: AccessWrite, Patterns: []string{
			"/var/log/",
			".bash_history", ".zsh_history", ".ash_history", ".sh_history", ".history",
			".python_history", ".mysql_history", ".psql_history", ".node_repl_history",
		}},
		// Kernel hooks that run a program as root on the host when written
		// from a container that can reach them: the classic escapes.
		{Name: "container_escape", Access: AccessWrite, Patterns: []string{
			"release_agent", "/proc/sys/kernel/core_pattern", "/proc/sys/kernel/modprobe",
			"/proc/sys/fs/binfmt_misc/register", "/sys/kernel/uevent_helper",
		}},
	}
}
