// compose-check loads a Compose file with compose-go — the loader and JSON-schema validation Docker Compose
// itself uses — and prints what the tests check: services, published ports, volumes, GPU reservations.
//
//	go run ./tools/compose-check docker-compose.yml
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/compose-spec/compose-go/v2/cli"
)

type service struct {
	Image       string   `json:"image,omitempty"`
	Build       bool     `json:"build"`
	Ports       []string `json:"ports"`
	Volumes     []string `json:"volumes"`
	GPUs        int      `json:"gpus"`
	Environment []string `json:"environment"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check FILE")
		os.Exit(2)
	}
	opts, err := cli.NewProjectOptions([]string{os.Args[1]}, cli.WithName("agi-core"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "invalid compose file:", err)
		os.Exit(1)
	}
	out := map[string]any{"volumes": keys(project.Volumes)}
	services := map[string]service{}
	for name, s := range project.Services {
		svc := service{Image: s.Image, Build: s.Build != nil, Ports: []string{}, Volumes: []string{}, Environment: []string{}}
		for _, p := range s.Ports {
			svc.Ports = append(svc.Ports, fmt.Sprintf("%s:%d", p.Published, p.Target))
		}
		for _, v := range s.Volumes {
			svc.Volumes = append(svc.Volumes, fmt.Sprintf("%s:%s", v.Source, v.Target))
		}
		for k := range s.Environment {
			svc.Environment = append(svc.Environment, k)
		}
		sort.Strings(svc.Environment)
		if s.Deploy != nil && s.Deploy.Resources.Reservations != nil {
			for _, d := range s.Deploy.Resources.Reservations.Devices {
				if d.Driver == "nvidia" {
					svc.GPUs += int(d.Count)
				}
			}
		}
		services[name] = svc
	}
	out["services"] = services
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	_ = enc.Encode(out)
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
