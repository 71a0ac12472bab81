package watch

// Defaults are the built-in categories: where credentials live, where
// persistence is planted, where binaries and libraries are, the logs and
// histories that intruders erase, the kernel hooks that escapes from
// containers write, and the rest of what a system is made of: its
// configuration, its boot files, its package database and /dev.
func Defaults() []Category {
	return []Category{
		{Name: "credentials", Access: AccessAny, Patterns: []string{
			"/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-",
			"/etc/sudoers", "/etc/sudoers.d/", "/etc/pam.d/", "/etc/security/",
			"/etc/ssh/",
			// Kubernetes service-account tokens and node credentials.
			"/var/run/secrets/", "/run/secrets/", "/etc/kubernetes/", "/var/lib/kubelet/pki/",
			// Environment variables carry secrets: any process's. So does
			// a process's memory, readable (and writable) through
			// /proc/<pid>/mem by whoever may trace it.
			"/proc/*/environ", "/proc/*/mem",
			// SSH keys and logins in any home directory, and key files
			// copied anywhere by their usual names.
			".ssh/", "authorized_keys", "authorized_keys2",
			"id_rsa*", "id_dsa*", "id_ecdsa*", "id_ed25519*",
			// Cloud, cluster and registry credentials in any home directory.
			".aws/credentials", ".aws/config", ".azure/", "gcloud/credentials.db",
			"gcloud/access_tokens.db", "gcloud/application_default_credentials.json",
			".kube/config", ".docker/config.json", ".netrc", ".pgpass", ".git-credentials", ".vault-token",
		}},
		{Name: "persistence", Access: AccessWrite, Patterns: []string{
			// crontab, cron.d/, the periodic directories, cron.allow and
			// cron.deny; the spool is where crontab(1) writes.
			"/etc/cron*", "/etc/anacrontab", "/var/spool/cron/", "/var/spool/at/",
			"/etc/systemd/", "/lib/systemd/system/", "/usr/lib/systemd/system/", "/etc/init.d/", "/etc/rc.local",
			"/etc/ld.so.preload", "/etc/ld.so.conf", "/etc/ld.so.conf.d/",
			// Shell start-up files, system-wide and per user.
			"/etc/profile", "/etc/profile.d/", "/etc/bash.bashrc", "/etc/bashrc",
			"/etc/zsh/", "/etc/zshrc", "/etc/zprofile", "/etc/csh.cshrc", "/etc/csh.login",
			"/etc/environment",
			"/etc/passwd", "/etc/group", "/etc/update-motd.d/",
			".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile", ".zshrc", ".zprofile",
			".zshenv", ".zlogin", ".kshrc", ".mkshrc", ".cshrc", ".tcshrc", ".login", "fish/config.fish",
		}},
		// root's home: reads by root's own tools are constant; what is
		// planted there is news. Its credentials (.ssh/, .aws/…) are
		// matched by name above and reported on every open.
		{Name: "root_home", Access: AccessWrite, Patterns: []string{"/root/"}},
		{Name: "binaries", Access: AccessWrite, Patterns: []string{
			"/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/", "/usr/local/bin/", "/usr/local/sbin/",
			"/lib*", "/usr/lib*",
		}},
		// Logs: written all day by their owners through descriptors kept
		// open, so a new writing open, a rename, an unlink or a link
		// planted over one is how they are tampered with. Log files are
		// also known by name wherever they are (a log directory
		// bind-mounted into a container, a copy being wiped).
		{Name: "logs", Access: AccessWrite, Patterns: []string{
			"/var/log/",
			"syslog", "auth.log", "kern.log", "secure", "messages", "wtmp", "btmp", "utmp", "lastlog", "faillog",
		}},
		// Shell and REPL histories: every open. They are tampered with
		// like logs, and read for the passwords typed on command lines;
		// their own shell opens one when it starts and when it exits.
		{Name: "histories", Access: AccessAny, Patterns: []string{
			".bash_history", ".zsh_history", ".ash_history", ".sh_history", ".history",
			".python_history", ".mysql_history", ".psql_history", ".node_repl_history",
		}},
		// Kernel hooks that run a program as root on the host when written
		// from a container that can reach them: the classic escapes.
		{Name: "container_escape", Access: AccessWrite, Patterns: []string{
			"release_agent", "core_pattern", "/proc/sys/kernel/core_pattern", "/proc/sys/kernel/modprobe",
			"/proc/sys/fs/binfmt_misc/register", "/sys/kernel/uevent_helper",
			// A process's own executable, opened for writing: from a
			// container, the runtime's binary on the host (CVE-2019-5736).
			"/proc/*/exe",
		}},
		// The rest of the system's configuration: the categories above
		// win for their own paths under /etc (the longer pattern wins).
		{Name: "system_config", Access: AccessWrite, Patterns: []string{"/etc/"}},
		{Name: "boot", Access: AccessWrite, Patterns: []string{"/boot/"}},
		// What the package manager believes is installed, and its
		// maintainer scripts.
		{Name: "package_db", Access: AccessWrite, Patterns: []string{
			"/var/lib/dpkg/", "/var/lib/rpm/", "/usr/lib/sysimage/rpm/",
		}},
		// A regular file in /dev, where only device nodes belong. Writes to
		// device nodes (/dev/null, terminals) are not news; POSIX shared
		// memory, message queues and huge pages are regular files by
		// design and are left out.
		{Name: "devices", Access: AccessWrite, RegularFilesOnly: true, Patterns: []string{
			"/dev/", "!/dev/shm/", "!/dev/mqueue/", "!/dev/hugepages/",
		}},
		// Hidden files and directories made directly in the world-writable
		// temporary directories (and what is below them): where intruders
		// stage tools under a name that ls does not show. A directory made
		// directly under / (/.x) is reported anyway (see file.mkdir).
		{Name: "hidden_temp", Access: AccessWrite, Patterns: []string{
			"/tmp/.*", "/var/tmp/.*", "/dev/shm/.*",
		}},
		// Disks: every open of a block device node, reads included. Read
		// raw, a disk gives away every file on it, whatever the file
		// permissions; written, it is the host's file system changed from
		// below. On a host, disk tools and udev open them; in a container,
		// only one given the host's devices can.
		{Name: "block_devices", Access: AccessAny, Patterns: []string{
			"/dev/sd*", "/dev/hd*", "/dev/vd*", "/dev/xvd*", "/dev/nvme*", "/dev/mmcblk*",
			"/dev/dm-*", "/dev/mapper/", "/dev/md*", "/dev/loop*", "!/dev/loop-control",
		}},
		// Web servers' document roots: a script planted there runs with
		// the server's rights on the next request (a web shell). Written
		// by deployments and by the applications themselves (uploads,
		// plugin updates, Tomcat expanding a WAR).
		{Name: "web_roots", Access: AccessWrite, Patterns: []string{
			"/var/www/", "/srv/www/", "/srv/http/", "/usr/share/nginx/html/", "/usr/local/nginx/html/",
			"/usr/local/apache2/htdocs/", "/var/lib/tomcat/webapps/", "/var/lib/tomcat9/webapps/",
			"/var/lib/tomcat10/webapps/", "/var/lib/tomcat11/webapps/", "/usr/local/tomcat/webapps/",
			"/opt/tomcat/webapps/", "/opt/lampp/htdocs/",
		}},
	}
}
