// Task pane entry (placeholder until the task pane issue lands): shows that the shared runtime is up.
Office.onReady(() => {
  const status = document.getElementById("status");
  if (status) status.textContent = "SHANTY 函数已就绪。Functions ready: type =SHANTY. in a cell.";
});
