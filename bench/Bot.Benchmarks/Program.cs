using Bot.Benchmarks;

return await BenchmarkSuite.RunAsync(args);
