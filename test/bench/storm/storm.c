// storm: fork and exec /bin/true as fast as possible for a number of
// seconds, then print how many processes ran. argv[2] is a marker passed to
// every child so their records can be found.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: storm <seconds> <marker>\n");
		return 2;
	}
	double seconds = atof(argv[1]);
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	long n = 0;
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 >= seconds)
			break;
		pid_t pid = fork();
		if (pid == 0) {
			execl("/bin/true", "true", argv[2], (char *)NULL);
			_exit(127);
		}
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		int status;
		waitpid(pid, &status, 0);
		n++;
	}
	printf("%ld\n", n);
	return 0;
}
