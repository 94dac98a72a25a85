// Draws each objective chart from the Plotly figure the page carries in data-figure.
document.querySelectorAll('.chart').forEach(function (el) {
  var fig = JSON.parse(el.dataset.figure);
  Plotly.newPlot(el, fig.data, fig.layout, {responsive: true, displaylogo: false,
    toImageButtonOptions: {format: 'png', filename: el.id}});
  // drawn, the chart holds the mode bar's buttons: an image has no controls, a figure may
  el.setAttribute('role', 'figure');
});
