// A decode thread that dies on its first task, as one killed by running out of memory would.
export default function dieOnTask() {
  process.exit(1);
}
